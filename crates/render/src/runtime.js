// Tessera site runtime: forms send without leaving the page, cart icons show the visitor's
// count, and the store's side cart opens when something is added or a cart icon is clicked.
// Pages work without it.
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
  // The side cart: a modal dialog at the page's edge with the cart's lines and subtotal.
  var side;
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  function sideCart() {
    if (side) { return side; }
    side = el("dialog", "t-side-cart");
    side.setAttribute("aria-labelledby", "t-side-cart-title");
    var head = el("div", "t-side-cart-head");
    var title = el("h2", "", "Cart");
    title.id = "t-side-cart-title";
    var close = el("button", "t-side-cart-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close cart");
    close.addEventListener("click", function () { side.close(); });
    head.appendChild(title);
    head.appendChild(close);
    side.appendChild(head);
    side.appendChild(el("p", "t-side-cart-note"));
    side.appendChild(el("ul", "t-side-cart-lines"));
    var total = el("p", "t-side-cart-subtotal");
    total.appendChild(el("span", "", "Subtotal"));
    total.appendChild(el("strong"));
    side.appendChild(total);
    var view = el("a", "t-button t-side-cart-view", "View cart");
    view.href = "/cart-page";
    side.appendChild(view);
    var checkout = el("form");
    checkout.setAttribute("method", "post");
    checkout.setAttribute("action", "/cart-page");
    var action = el("input");
    action.type = "hidden";
    action.name = "action";
    action.value = "checkout";
    var go = el("button", "t-button", "Checkout");
    go.type = "submit";
    checkout.appendChild(action);
    checkout.appendChild(go);
    side.appendChild(checkout);
    // A click on the backdrop (outside the panel) closes it.
    side.addEventListener("click", function (event) { if (event.target === side) { side.close(); } });
    document.body.appendChild(side);
    return side;
  }
  function openSide(cart, note) {
    var panel = sideCart();
    var lines = (cart && cart.lineItems) || [];
    var list = panel.querySelector(".t-side-cart-lines");
    list.textContent = "";
    lines.forEach(function (line) {
      var item = el("li");
      var image = line.image && line.image.url;
      if (image) {
        var img = el("img");
        img.src = image.indexOf("/media/") === 0 && image.indexOf("/v1/") < 0 ? image + "/v1/fill/w_160,h_160,q_80/image.jpg" : image;
        img.alt = "";
        img.width = 64;
        img.height = 64;
        item.appendChild(img);
      }
      var text = el("div");
      text.appendChild(el("strong", "", (line.productName && line.productName.original) || ""));
      (line.descriptionLines || []).forEach(function (d) {
        var value = (d.plainText && d.plainText.original) || (d.colorInfo && d.colorInfo.original) || "";
        if (d.name && d.name.original && value) { text.appendChild(el("span", "", d.name.original + ": " + value)); }
      });
      text.appendChild(el("span", "", "Qty " + line.quantity + " · " + ((line.lineItemPrice && line.lineItemPrice.formattedAmount) || "")));
      item.appendChild(text);
      list.appendChild(item);
    });
    var empty = !lines.length;
    panel.querySelector(".t-side-cart-note").textContent = note || (empty ? "Your cart is empty." : "");
    panel.querySelector(".t-side-cart-subtotal").hidden = empty;
    panel.querySelector(".t-side-cart-subtotal strong").textContent = (cart && cart.subtotal && cart.subtotal.formattedAmount) || "";
    panel.querySelector(".t-side-cart-view").hidden = empty;
    panel.querySelector("form").hidden = empty;
    if (!panel.open) { panel.showModal(); }
  }
  // Page code's cart (wix-stores-frontend) tells of each change, and opens or closes this one.
  document.addEventListener("tessera:cart", function (event) {
    var d = event.detail || {};
    if (carts.length) { showCount(); }
    if (d.show && window.HTMLDialogElement) { openSide(d.cart); }
    if (d.hide && side && side.open) { side.close(); }
  });
  document.querySelectorAll("form[data-tessera-add]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.HTMLDialogElement) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var status = form.querySelector(".t-form-status") || form.insertBefore(el("p", "t-form-status"), form.firstChild);
      status.setAttribute("role", "status");
      button.disabled = true;
      status.className = "t-form-status";
      status.textContent = "Adding…";
      // getAttribute: the form's hidden field named "action" hides its `action` property.
      fetch(form.getAttribute("action"), {
        method: "POST",
        headers: { accept: "application/json" },
        credentials: "same-origin",
        body: new URLSearchParams(new FormData(form))
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) { throw body; }
          status.textContent = "Added to your cart.";
          openSide(body.cart, "Added to your cart.");
          if (carts.length) { showCount(); }
        });
      }).catch(function (error) {
        status.className = "t-form-status error";
        status.setAttribute("role", "alert");
        status.textContent = (error && error.message) || "Adding failed. Please try again.";
      }).then(function () { button.disabled = false; });
    });
  });
  carts.forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!window.HTMLDialogElement || event.metaKey || event.ctrlKey || event.shiftKey) { return; }
      event.preventDefault();
      fetch("/ecom/v1/carts/current", { headers: { accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (body) { openSide(body.cart); })
        .catch(function () { window.location.href = link.href; });
    });
  });
  if (carts.length) {
    showCount();
    // A page shown again from the back-forward cache may be showing an old count.
    window.addEventListener("pageshow", function (event) { if (event.persisted) { showCount(); } });
  }
})();
