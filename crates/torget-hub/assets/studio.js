// Content for the kiosks, in the browser. Bringing content: the chosen folder's assets/ and
// locales/ files are read and sent to the hub as a draft. Publishing: the reviewer's
// content-signing key file is read into this page only; the page fetches the exact bundle bytes,
// signs them with Ed25519 (vendored tweetnacl, see assets/vendor/README.md) and sends back only the
// signature. The hub checks it against the key the kiosks trust before it serves the bundle.
"use strict";
(function () {
  const toBase64 = (bytes) => {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  };
  const fromBase64 = (text) => {
    const binary = atob(text.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  };

  // The content page follows the newest version onto the kiosks while it is open: one small
  // question every 15 seconds.
  const rollout = document.getElementById("rollout");
  if (rollout) {
    const follow = setInterval(async () => {
      try {
        const answer = await fetch("/content/rollout", { credentials: "same-origin", redirect: "manual" });
        if (!answer.ok) {
          if (answer.status !== 503) clearInterval(follow);
          return;
        }
        const words = await answer.text();
        if (words && words !== rollout.textContent) rollout.textContent = words;
      } catch (e) {
        // Offline for a moment: the next round tries again.
      }
    }, 15000);
  }

  const upload = document.getElementById("upload");
  if (upload) {
    upload.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = document.getElementById("upload-status");
      const files = {};
      for (const file of document.getElementById("folder").files) {
        // "content/assets/services/x.toml" → "assets/services/x.toml"
        const parts = (file.webkitRelativePath || file.name).split("/");
        const at = parts.findIndex((p) => p === "assets" || p === "locales");
        if (at < 0) continue;
        files[parts.slice(at).join("/")] = toBase64(new Uint8Array(await file.arrayBuffer()));
      }
      const body = JSON.stringify({ csrf: upload.elements.csrf.value, note: upload.elements.note.value, files });
      const answer = await fetch("/content/drafts", { method: "POST", body, headers: { "Content-Type": "application/json" }, credentials: "same-origin" });
      if (!answer.ok) {
        status.textContent = upload.dataset.failed + " " + (await answer.text());
        return;
      }
      window.location.href = "/content/draft/" + (await answer.json()).id;
    });
  }

  // A service's (or information page's) form: show only what the chosen kind takes, and run the
  // checks while typing.
  const service = document.querySelector("form.structure");
  if (service && !service.querySelector("fieldset.whole").disabled) {
    const fit = (question) => {
      const kind = question.querySelector("select.kind").value;
      for (const part of question.querySelectorAll("[data-kinds]")) {
        part.hidden = !part.dataset.kinds.split(" ").includes(kind);
      }
    };
    for (const question of service.querySelectorAll("fieldset.question")) {
      const kind = question.querySelector("select.kind");
      if (kind) kind.addEventListener("change", () => fit(question));
    }
    const show = (list, problems) => {
      if (!list) return;
      list.replaceChildren(...problems.map((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      }));
    };
    let timer = null;
    let asked = 0;
    const check = async () => {
      const mine = ++asked;
      const body = new URLSearchParams(new FormData(service));
      const answer = await fetch(service.dataset.check, { method: "POST", body, credentials: "same-origin" });
      if (!answer.ok || mine !== asked) return;
      const found = await answer.json();
      show(document.getElementById("service-problems"), found.service);
      found.questions.forEach((problems, n) => show(document.getElementById("q-problems-" + n), problems));
      service.dataset.checked = String(mine);
    };
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(check, 400);
    };
    service.addEventListener("input", soon);
    service.addEventListener("change", soon);
  }

  // Removing a question or paragraph takes its texts in every language along: asked first.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  // A page the kiosk's program cannot draw says why instead of showing a broken picture.
  const picture = document.getElementById("preview");
  if (picture) {
    const failed = async () => {
      const box = picture.closest(".preview");
      let why = "";
      try {
        const answer = await fetch(picture.src, { credentials: "same-origin" });
        why = answer.ok ? "" : await answer.text();
      } catch (e) {
        why = "";
      }
      const message = document.createElement("p");
      message.className = "error";
      message.setAttribute("role", "alert");
      message.textContent = (box.dataset.failed + " " + why).trim();
      picture.parentElement.replaceWith(message);
    };
    if (picture.complete && picture.naturalWidth === 0) failed();
    else picture.addEventListener("error", failed);
  }

  // Beside the preview: what the kiosk reads aloud on that page, each part in its language.
  const spoken = document.getElementById("spoken-text");
  if (spoken) {
    fetch(spoken.dataset.src, { credentials: "same-origin" }).then(async (answer) => {
      const list = document.getElementById("spoken");
      if (!answer.ok) {
        list.textContent = await answer.text();
        return;
      }
      for (const [text, lang] of await answer.json()) {
        const item = document.createElement("li");
        item.lang = lang;
        item.dir = "auto";
        item.textContent = text;
        list.appendChild(item);
      }
      spoken.dataset.done = "1";
    });
  }

  const publish = document.getElementById("publish");
  if (publish) {
    publish.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = document.getElementById("publish-status");
      const input = document.getElementById("signing-key");
      const file = input.files && input.files[0];
      input.value = ""; // the key lives only in this function
      if (!file) return;
      let pair = null;
      try {
        const seed = fromBase64(await file.text());
        if (seed.length === nacl.sign.seedLength) pair = nacl.sign.keyPair.fromSeed(seed);
      } catch (e) {
        pair = null;
      }
      if (!pair || toBase64(pair.publicKey) !== publish.dataset.verifyKey) {
        status.textContent = publish.dataset.keyWrong;
        return;
      }
      const id = publish.dataset.id;
      const prepared = await fetch("/content/draft/" + id + "/bundle", { credentials: "same-origin", cache: "no-store" });
      if (!prepared.ok) {
        status.textContent = publish.dataset.failed + " " + (await prepared.text());
        return;
      }
      const { bundle } = await prepared.json();
      const signature = nacl.sign.detached(fromBase64(bundle), pair.secretKey);
      const body = new URLSearchParams({ csrf: publish.elements.csrf.value, bundle, signature: toBase64(signature) });
      const answer = await fetch("/content/draft/" + id + "/publish", { method: "POST", body, credentials: "same-origin" });
      if (!answer.ok) {
        status.textContent = publish.dataset.failed + " " + (await answer.text());
        return;
      }
      window.location.href = "/content/draft/" + id;
    });
  }
})();
