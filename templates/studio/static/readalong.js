// The read-along check (readalong.html): each Play button plays the narration from its
// sentence's start, in the published page's own player (so the page highlights it), or in
// the studio's player when the page was not published.
"use strict";

(function () {
  const table = document.getElementById("alignment");
  if (!table) return;
  const frame = document.getElementById("readalong-frame");
  const status = document.getElementById("status");

  function player() {
    if (frame) {
      try {
        const doc = frame.contentDocument;
        return doc ? doc.getElementById("narration") : null;
      } catch (e) {
        return null;
      }
    }
    return document.getElementById("readalong-audio");
  }

  function say(message) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 50);
  }

  table.addEventListener("click", (event) => {
    const button = event.target.closest("button.play");
    if (!button) return;
    const audio = player();
    if (!audio) {
      say("The narration is not ready yet; try again in a moment.");
      return;
    }
    audio.currentTime = Number(button.dataset.start) / 1000;
    const playing = audio.play();
    if (playing && playing.catch) playing.catch(() => {});
    for (const row of table.querySelectorAll("tr[aria-current]")) row.removeAttribute("aria-current");
    const row = button.closest("tr");
    row.setAttribute("aria-current", "true");
    say(`Playing from sentence ${row.cells[0].textContent}, at ${button.textContent.replace("Play from ", "")}.`);
  });
})();
