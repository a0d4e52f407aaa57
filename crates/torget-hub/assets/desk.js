// The desk page without reloading: every second the kiosk table is fetched again from the hub
// (the same server-rendered HTML); a new help call is announced to screen readers (the live
// region), shown in the tab's title and heard as a short tone. Without JavaScript the page still
// works: reload it.
"use strict";
(function () {
  const table = document.getElementById("kiosks");
  const announcer = document.getElementById("announcer");
  if (!table || !announcer) return;
  const title = document.title;
  let audio = null;
  // Browsers let a page make sound only after a touch or key: the first one prepares the tone.
  const prepare = () => {
    if (!audio && window.AudioContext) audio = new AudioContext();
    if (audio && audio.state === "suspended") audio.resume();
  };
  document.addEventListener("click", prepare);
  document.addEventListener("keydown", prepare);
  const tone = () => {
    if (!audio) return;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.value = 0.25;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.5);
  };
  const calls = (root) => new Map([...root.querySelectorAll("[data-help-alert]")].map((row) => [row.dataset.kiosk, row.dataset.helpAlert]));
  let known = calls(table);
  const show = (count) => {
    document.title = count > 0 ? "(" + count + ") " + title : title;
  };
  show(known.size);
  const refresh = async () => {
    try {
      const response = await fetch("/kiosks?fragment=1", { credentials: "same-origin", cache: "no-store" });
      if (response.redirected || !response.ok) {
        if (response.redirected) window.location.reload();
        return;
      }
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("kiosks");
      if (!fresh) return;
      // Leave a form alone while someone is using it.
      if (table.contains(document.activeElement) && document.activeElement !== document.body) return;
      if (table.querySelector("details[open]")) return;
      table.replaceChildren(...fresh.childNodes);
      const now = calls(table);
      const news = [...now.entries()].filter(([kiosk]) => !known.has(kiosk)).map(([, alert]) => alert);
      if (news.length > 0) {
        announcer.textContent = news.join(". ");
        tone();
      }
      known = now;
      show(now.size);
    } catch (_) {
      // The hub is unreachable for a moment: the next round tries again.
    }
  };
  window.setInterval(refresh, 1000);
})();
