/* Order pages: "check all" for unit checkboxes and the label's print button. No inline JS. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var box = event.target;
    var name = box.getAttribute && box.getAttribute("data-check-all");
    if (!name || !box.form) { return; }
    box.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (item) {
      item.checked = box.checked;
    });
  });

  // The order list's filters: empty ones stay out of the (shared, pushed) URL.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("#order-filters");
    var data = event.detail.formData;
    if (!form || !data) { return; }
    Array.from(new Set(data.keys())).forEach(function (key) {
      if (data.getAll(key).every(function (value) { return value === ""; })) { data.delete(key); }
    });
  });

  // The factory's dealer filter reloads the whole page: the people, legal entities and
  // sub-dealers to choose from are that dealer's. Caught before htmx sees the change.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("[data-reload=full]") || !select.form) { return; }
    event.stopPropagation();
    ["author", "legal_entity", "subdealer"].forEach(function (name) {
      var field = select.form.elements[name];
      if (field) { field.value = ""; }
    });
    select.form.submit();
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
})();
