// Tessera site runtime: forms send without leaving the page, cart icons show the visitor's
// count. Pages work without it.
(function () {
  "use strict";
  function send(form, event) {
    event.preventDefault();
    var status = form.querySelector(".t-form-status");
    var button = form.querySelector("button[type=submit]");
    var values = {};
    new FormData(form).forEach(function (value, name) { values[name] = value; });
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) { values[box.name] = box.checked; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    button.disabled = true;
    status.className = "t-form-status";
    status.textContent = "Sending…";
    fetch(form.action, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(values)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw body; }
        form.reset();
        status.textContent = form.getAttribute("data-success");
      });
    }).catch(function (error) {
      status.className = "t-form-status error";
      status.textContent = (error && error.message) || "Sending failed. Please try again.";
      var name = error && error.details && error.details.field;
      var field = name && form.elements.namedItem(name);
      if (field && field.setAttribute) { field.setAttribute("aria-invalid", "true"); field.focus(); }
    }).then(function () { button.disabled = false; });
  }
  document.querySelectorAll("form[data-tessera-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) { send(form, event); });
  });
  // Pages are the same for every visitor (and cached), so the count comes from their cart here.
  var carts = document.querySelectorAll("a[data-tessera-cart]");
  function showCount() {
    fetch("/_stores/v1/cart-count", { headers: { accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.statusText); }
        return response.json();
      }).then(function (body) {
        var count = Number(body.count) || 0;
        carts.forEach(function (link) {
          link.querySelector(".t-cart-count").textContent = String(count);
          link.setAttribute("aria-label", link.querySelector(".t-cart-label").textContent + ", " + count + (count === 1 ? " item" : " items"));
        });
      }).catch(function () {});
  }
  if (carts.length) {
    showCount();
    // A page shown again from the back-forward cache may be showing an old count.
    window.addEventListener("pageshow", function (event) { if (event.persisted) { showCount(); } });
  }
})();
