/* The complaint form's live hint: once a category is chosen (and again when the title or the map
   point changes), ask /pengaduan/mirip/ for open complaints like this one and list them above the
   form with a "Dukung" button each. Without JavaScript the form's first POST shows the same list. */
(function () {
  "use strict";
  var box = document.querySelector("[data-similar-live]");
  var form = document.querySelector("[data-complaint-form]");
  if (!box || !form || !window.fetch) {
    return;
  }
  var list = box.querySelector("[data-similar-list]");
  var category = form.querySelector("[name=category]");
  var title = form.querySelector("[name=title]");
  var latitude = form.querySelector("[name=latitude]");
  var longitude = form.querySelector("[name=longitude]");
  var token = form.querySelector("[name=csrfmiddlewaretoken]");
  var asked = "";

  function item(found) {
    var row = document.createElement("li");
    var link = document.createElement("a");
    link.href = found.url;
    var strong = document.createElement("strong");
    strong.textContent = found.title;
    link.appendChild(strong);
    row.appendChild(link);
    row.appendChild(document.createElement("br"));
    var facts = document.createElement("span");
    facts.className = "sub";
    facts.textContent = found.category + " · " + found.status + " · " + found.supporters + " " + box.dataset.supportersLabel;
    row.appendChild(facts);
    var support = document.createElement("form");
    support.method = "post";
    support.action = found.support_url;
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "csrfmiddlewaretoken";
    hidden.value = token ? token.value : "";
    support.appendChild(hidden);
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "btn";
    button.textContent = box.dataset.supportLabel;
    support.appendChild(button);
    row.appendChild(support);
    return row;
  }

  function ask() {
    if (!category.value) {
      box.hidden = true;
      return;
    }
    var query = new URLSearchParams({
      kategori: category.value,
      judul: title ? title.value : "",
      lat: latitude ? latitude.value : "",
      lon: longitude ? longitude.value : ""
    }).toString();
    if (query === asked) {
      return;
    }
    asked = query;
    fetch(box.dataset.url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (answer) {
        while (list.firstChild) {
          list.removeChild(list.firstChild);
        }
        answer.items.forEach(function (found) { list.appendChild(item(found)); });
        box.hidden = answer.items.length === 0;
      })
      .catch(function () { box.hidden = true; });
  }

  category.addEventListener("change", ask);
  if (title) {
    title.addEventListener("change", ask);
  }
  document.addEventListener("complaint:point", ask);
})();
