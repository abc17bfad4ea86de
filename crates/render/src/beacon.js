// The analytics beacon, inline on published pages (crates/modules/analytics): a page view
// on load, the time the page was visible each time it is hidden, clicks on contact links,
// and page code's custom events (`wixWindow.trackEvent`). No cookies; nothing is sent when
// the browser asks not to be tracked.
(function () {
  var n = navigator, d = document, l = location, u = "/_api/analytics/hit";
  if (n.doNotTrack == "1" || n.globalPrivacyControl) return;
  function send(b) {
    b.path = l.pathname;
    var j = JSON.stringify(b);
    if (!(n.sendBeacon && n.sendBeacon(u, j))) fetch(u, { method: "POST", body: j, keepalive: true }).catch(function () {});
  }
  var q = new URLSearchParams(l.search);
  send({ type: "pageview", referrer: d.referrer, utm_source: q.get("utm_source"), utm_medium: q.get("utm_medium"), utm_campaign: q.get("utm_campaign"), language: n.language });
  var since = Date.now(), shown = 0;
  d.addEventListener("visibilitychange", function () {
    if (d.visibilityState == "hidden") {
      shown += Date.now() - since;
      if (shown > 0) send({ type: "engage", duration: shown });
      shown = 0;
    } else since = Date.now();
  });
  d.addEventListener("click", function (e) {
    var a = e.target && e.target.closest && e.target.closest("a[href]");
    if (a && /^(tel:|mailto:|https:\/\/(wa\.me|api\.whatsapp\.com)\/)/.test(a.getAttribute("href"))) send({ type: "event", name: "contact_clicked" });
  });
  // wix-window-frontend's trackEvent announces each event so.
  window.addEventListener("tessera:track", function (e) {
    var d = e.detail || {};
    send({ type: "event", name: String(d.eventName), props: d.parameters || {} });
  });
})();
