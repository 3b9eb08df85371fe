// The office queue screen: polls the board as JSON and updates the numbers in place, so the page
// never reloads in front of the room. The chime is off until someone presses the button (browsers
// allow sound only after a gesture). Without JavaScript the page reloads itself (<noscript> meta).
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-url");
  var interval = Math.max(2, parseInt(body.getAttribute("data-interval"), 10) || 5) * 1000;
  var list = document.querySelector(".queue-called");
  var waiting = document.querySelector(".queue-waiting");
  var day = document.querySelector(".queue-day time");
  var button = document.querySelector(".queue-chime");
  var audio = null;
  var chimeOn = false;
  var shown = currentLabels();

  function currentLabels() {
    var labels = {};
    list.querySelectorAll(".queue-number").forEach(function (node) {
      labels[node.textContent] = true;
    });
    return labels;
  }

  function chime() {
    if (!chimeOn || !audio) return;
    var start = audio.currentTime;
    [659.25, 523.25].forEach(function (frequency, index) {
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + index * 0.45);
      gain.gain.exponentialRampToValueAtTime(0.4, start + index * 0.45 + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + index * 0.45 + 0.42);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + index * 0.45);
      tone.stop(start + index * 0.45 + 0.45);
    });
  }

  function render(board) {
    var fresh = false;
    var next = {};
    list.replaceChildren();
    board.called.forEach(function (ticket) {
      var item = document.createElement("li");
      var counter = document.createElement("span");
      var number = document.createElement("span");
      counter.className = "queue-counter-name";
      counter.textContent = list.getAttribute("data-counter-word") + " " + ticket.counter;
      number.className = "queue-number";
      number.textContent = ticket.label;
      item.append(counter, number);
      if (!shown[ticket.label]) {
        item.className = "queue-fresh";
        fresh = true;
      }
      next[ticket.label] = true;
      list.append(item);
    });
    if (!board.called.length) {
      var none = document.createElement("li");
      none.className = "queue-none";
      none.textContent = list.getAttribute("data-empty");
      list.append(none);
    }
    waiting.textContent = board.waiting_text;
    if (day && board.day_text) {
      day.textContent = board.day_text;
      day.setAttribute("datetime", board.day);
    }
    shown = next;
    if (fresh) chime();
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(render)
      .catch(function () { /* keep what is on the screen; the next poll tries again */ })
      .then(function () { window.setTimeout(poll, interval); });
  }

  if (button && (window.AudioContext || window.webkitAudioContext)) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!audio) audio = new (window.AudioContext || window.webkitAudioContext)();
      chimeOn = !chimeOn;
      if (chimeOn) audio.resume();
      button.setAttribute("aria-pressed", chimeOn ? "true" : "false");
      button.textContent = button.getAttribute(chimeOn ? "data-on" : "data-off");
      chime();
    });
  }
  window.setTimeout(poll, interval);
})();
