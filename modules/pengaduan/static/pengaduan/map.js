/* The complaint form's map (a progressive enhancement): tap the map or use the phone's location
   to fill the hidden latitude/longitude fields. Without JavaScript the form works with the
   address field alone. Leaflet is served by the platform; only the tiles come from OpenStreetMap. */
(function () {
  "use strict";
  var box = document.querySelector("[data-complaint-map]");
  var latitude = document.querySelector("[data-map-latitude]");
  var longitude = document.querySelector("[data-map-longitude]");
  if (!box || !latitude || !longitude || !window.L) {
    return;
  }
  var status = document.querySelector("[data-map-status]");
  var locate = document.querySelector("[data-map-locate]");
  var clear = document.querySelector("[data-map-clear]");
  var chosen = null;
  box.hidden = false;
  var hasPoint = latitude.value !== "" && longitude.value !== "";
  var center = hasPoint
    ? [parseFloat(latitude.value), parseFloat(longitude.value)]
    : [parseFloat(box.dataset.centerLatitude || "-2.5"), parseFloat(box.dataset.centerLongitude || "118")];
  var map = L.map(box, { scrollWheelZoom: false }).setView(center, hasPoint ? 17 : parseInt(box.dataset.zoom || "5", 10));
  L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);

  function show(lat, lng, zoom) {
    var lat6 = lat.toFixed(6), lng6 = lng.toFixed(6);
    latitude.value = lat6;
    longitude.value = lng6;
    if (chosen) {
      chosen.setLatLng([lat, lng]);
    } else {
      chosen = L.marker([lat, lng], { keyboard: false }).addTo(map);
    }
    if (zoom) {
      map.setView([lat, lng], zoom);
    }
    if (status) {
      status.textContent = (box.dataset.chosenLabel || "Titik terpilih:") + " " + lat6 + ", " + lng6;
    }
    if (clear) {
      clear.hidden = false;
    }
    box.dispatchEvent(new CustomEvent("complaint:point", { bubbles: true }));
  }

  if (hasPoint) {
    show(center[0], center[1]);
  }
  map.on("click", function (event) {
    show(event.latlng.lat, event.latlng.lng);
  });
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      if (status) {
        status.textContent = box.dataset.locatingLabel || "Mencari lokasi…";
      }
      navigator.geolocation.getCurrentPosition(
        function (position) {
          show(position.coords.latitude, position.coords.longitude, 17);
        },
        function () {
          if (status) {
            status.textContent = box.dataset.locateFailedLabel || "Lokasi tidak didapat.";
          }
        },
        { enableHighAccuracy: true, timeout: 15000 }
      );
    });
  }
  if (clear) {
    clear.addEventListener("click", function () {
      latitude.value = "";
      longitude.value = "";
      if (chosen) {
        map.removeLayer(chosen);
        chosen = null;
      }
      clear.hidden = true;
      if (status) {
        status.textContent = "";
      }
    });
  }
})();
