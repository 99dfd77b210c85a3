// Read-along: highlights the sentence being read, from the timing map; no framework, no network.
(function () {
  "use strict";
  var audio = document.getElementById("narration");
  var player = document.getElementById("player");
  var data = document.getElementById("ra-timing");
  if (!audio || !player || !data) { return; }
  var cues = JSON.parse(data.textContent).sentences;
  var playButton = document.getElementById("ra-play");
  var labels = { play: playButton.textContent, pause: player.getAttribute("data-pause") || "Pause" };
  var current = null;
  var userScrolledAt = 0;
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  player.hidden = false;

  function indexAt(t) {
    var lo = 0, hi = cues.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cues[mid].start_ms <= t * 1000) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }
  function highlight() {
    var i = indexAt(audio.currentTime);
    var element = i >= 0 ? document.getElementById(cues[i].id) : null;
    if (element === current) { return; }
    if (current) { current.classList.remove("reading"); }
    current = element;
    if (!element) { return; }
    element.classList.add("reading");
    if (!audio.paused && Date.now() - userScrolledAt > 4000) {
      var box = element.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        element.scrollIntoView({ block: "center", behavior: reduceMotion.matches ? "auto" : "smooth" });
      }
    }
  }
  function seekTo(i) {
    if (i < 0 || i >= cues.length) { return; }
    audio.currentTime = cues[i].start_ms / 1000;
    highlight();
  }
  function step(delta) {
    var i = indexAt(audio.currentTime);
    seekTo(Math.max(0, i + delta));
  }
  function toggle() { if (audio.paused) { audio.play(); } else { audio.pause(); } }
  function syncButton() {
    playButton.textContent = audio.paused ? labels.play : labels.pause;
    playButton.setAttribute("aria-pressed", audio.paused ? "false" : "true");
  }

  ["timeupdate", "seeked", "play"].forEach(function (name) { audio.addEventListener(name, highlight); });
  audio.addEventListener("play", syncButton);
  audio.addEventListener("pause", syncButton);
  playButton.addEventListener("click", toggle);
  document.getElementById("ra-prev").addEventListener("click", function () { step(-1); });
  document.getElementById("ra-next").addEventListener("click", function () { step(1); });
  document.getElementById("ra-speed").addEventListener("change", function (event) {
    audio.playbackRate = parseFloat(event.target.value);
  });
  // Shortcuts act only while focus is inside the player, so screen-reader keys are never taken.
  player.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target.tagName === "SELECT") { return; }
    if (event.key === "ArrowLeft") { step(-1); event.preventDefault(); }
    else if (event.key === "ArrowRight") { step(1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "K") { toggle(); event.preventDefault(); }
  });
  // Clicking a sentence plays from there.
  document.getElementById("main").addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("span.s") : null;
    if (!target || event.target.closest("a")) { return; }
    for (var i = 0; i < cues.length; i++) {
      if (cues[i].id === target.id) { seekTo(i); audio.play(); return; }
    }
  });
  ["wheel", "touchmove"].forEach(function (name) {
    window.addEventListener(name, function () { userScrolledAt = Date.now(); }, { passive: true });
  });
  window.addEventListener("keydown", function (event) {
    if (["PageUp", "PageDown", "ArrowUp", "ArrowDown", "Home", "End", " "].indexOf(event.key) >= 0 &&
        !player.contains(event.target)) { userScrolledAt = Date.now(); }
  });
  syncButton();
})();
