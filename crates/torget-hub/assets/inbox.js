// The case handler's inbox: opens sealed requests in the browser with the private key file the
// handler chooses. The key is read from the file into this page's memory only: it is never sent to
// the hub, never stored, and gone when the page is left. What it opens is shown, printed or saved
// as a file by the browser; the hub only ever sees which request was marked handled.
//
// A request is libsodium's sealed box, as the kiosk's `crypto_box` seals it: the sender's one-time
// public key (32 bytes), then XSalsa20-Poly1305 with the nonce BLAKE2b-192(one-time key ‖ our
// public key). tweetnacl opens the box; blakejs gives the nonce (both vendored, see
// assets/vendor/README.md). Every word shown comes from the page (data-t-*), in its language.
"use strict";
(function () {
  const inbox = document.getElementById("inbox");
  const keyInput = document.getElementById("key-file");
  const status = document.getElementById("key-status");
  const detail = document.getElementById("request");
  if (!inbox || !keyInput || !status || !detail) return;
  const lang = inbox.dataset.lang;
  const t = (name) => inbox.getAttribute("data-t-" + name) || "";
  const csrf = inbox.dataset.csrf;
  // The rows of the list as it is now: the filters and pages replace it without leaving the page.
  const rows = () => [...document.querySelectorAll("#list tbody tr")];
  let key = null; // { publicKey, secretKey }: in memory only
  let texts = {};
  const opened = new Map(); // request id → { request } or { error }
  let shown = null;
  let urls = [];

  const fromBase64 = (text) => {
    const binary = atob(text.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  };

  const sealOpen = (sealed) => {
    if (sealed.length < 32 + nacl.box.overheadLength) return null;
    const ephemeral = sealed.subarray(0, 32);
    const both = new Uint8Array(64);
    both.set(ephemeral, 0);
    both.set(key.publicKey, 32);
    const nonce = blakejs.blake2b(both, null, nacl.box.nonceLength);
    return nacl.box.open(sealed.subarray(32), nonce, ephemeral, key.secretKey);
  };

  // A note sealed to the municipality's key the way the kiosk seals a request (libsodium's sealed
  // box): a one-time key pair, the nonce BLAKE2b-192(one-time key ‖ our public key).
  const seal = (text) => {
    const message = new TextEncoder().encode(text);
    const once = nacl.box.keyPair();
    const both = new Uint8Array(64);
    both.set(once.publicKey, 0);
    both.set(key.publicKey, 32);
    const nonce = blakejs.blake2b(both, null, nacl.box.nonceLength);
    const box = nacl.box(message, nonce, key.publicKey, once.secretKey);
    const sealed = new Uint8Array(32 + box.length);
    sealed.set(once.publicKey, 0);
    sealed.set(box, 32);
    let binary = "";
    sealed.forEach((b) => (binary += String.fromCharCode(b)));
    return btoa(binary);
  };

  // The request's notes, opened here: who and when from the hub, the words from the sealed box.
  const showNotes = async (id) => {
    const list = field("notes");
    list.replaceChildren();
    let notes = [];
    try {
      const answer = await fetch("/requests/notes?id=" + encodeURIComponent(id), { credentials: "same-origin", cache: "no-store" });
      if (answer.redirected) return ended();
      notes = answer.ok ? await answer.json() : [];
    } catch (e) {
      notes = [];
    }
    if (!shown || shown.dataset.id !== id) return;
    for (const note of notes) {
      let words = null;
      try {
        const plain = key && sealOpen(fromBase64(note.sealed));
        words = plain ? new TextDecoder("utf-8", { fatal: true }).decode(plain) : null;
      } catch (e) {
        words = null;
      }
      const item = document.createElement("li");
      const who = document.createElement("strong");
      who.textContent = note.at + ", " + note.by + ": ";
      const text = document.createElement("span");
      text.className = "note";
      text.textContent = words === null ? t("note-unreadable") : words;
      item.append(who, text);
      list.append(item);
    }
  };

  document.getElementById("note-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("note-text");
    const words = input.value.trim();
    if (!words || !key || !shown) return;
    const id = shown.dataset.id;
    let answer;
    try {
      answer = await fetch("/requests/notes", { method: "POST", credentials: "same-origin", body: new URLSearchParams({ csrf, id, sealed: seal(words) }) });
    } catch (e) {
      return;
    }
    if (answer.redirected) return ended();
    if (!answer.ok) return;
    input.value = "";
    showNotes(id);
  });

  // A sealed box has no associated data: the id and kiosk inside must be those the hub received.
  const open = (row) => {
    let plain;
    try {
      plain = sealOpen(fromBase64(row.dataset.sealed));
    } catch (e) {
      plain = null;
    }
    if (!plain) return { error: "cannot-open" };
    let request;
    try {
      request = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plain));
    } catch (e) {
      return { error: "not-request" };
    }
    if (!request || typeof request !== "object" || typeof request.answers !== "object" || request.answers === null) {
      return { error: "not-request" };
    }
    if (request.id !== row.dataset.id || request.kiosk_id !== row.dataset.kiosk) return { error: "mismatch" };
    return { request };
  };

  // A time as the pages show it: `2026-11-30 09:15` in the hub's time zone.
  const zone = inbox.dataset.timeZone || "UTC";
  const time = (rfc3339) => {
    const at = new Date(rfc3339);
    if (typeof rfc3339 !== "string" || isNaN(at)) return "";
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at).map((p) => [p.type, p.value]));
    return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute;
  };
  const languageName = (code) => {
    try {
      return new Intl.DisplayNames([lang], { type: "language" }).of(code) || code;
    } catch (e) {
      return code;
    }
  };

  // A date (`2026-12-08`) or a booked time (`2026-12-08T10:30:00+01:00`, on the clock of the place
  // booked) in the page's language: "tisdag 8 december 2026 10:30". The time is shown as the place
  // reads it, whatever the browser's own time zone.
  const when = (kind, value) => {
    const parts = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value);
    if (!parts || (kind !== "date" && kind !== "appointment")) return null;
    const [y, mo, d, h, mi] = parts.slice(1).map((n) => Number(n || 0));
    const day = { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
    const clock = parts[4] ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {};
    try {
      return new Intl.DateTimeFormat(lang, Object.assign(day, clock)).format(new Date(Date.UTC(y, mo - 1, d, h, mi)));
    } catch (e) {
      return null;
    }
  };

  // The answers in the order of the service's questions, with the words of questions and options.
  const answerRows = (request) => {
    const service = texts[request.service_id];
    const steps = service ? service.steps : [];
    const words = (step, value) => (step && step.options && step.options[value]) || (step && when(step.kind, value)) || value;
    const out = [];
    const seen = new Set();
    for (const step of steps) {
      if (!(step.id in request.answers)) continue;
      seen.add(step.id);
      const answer = request.answers[step.id];
      const values = Array.isArray(answer) ? answer : [answer];
      out.push([step.question, values.map((v) => words(step, v)).join(", ")]);
    }
    for (const [id, answer] of Object.entries(request.answers)) {
      if (!seen.has(id)) out.push([id, Array.isArray(answer) ? answer.join(", ") : String(answer)]);
    }
    return out;
  };

  const serviceTitle = (id) => (texts[id] && texts[id].title) || id;

  // One row of headings and one of values; a cell that a spreadsheet would run as a formula is
  // kept as text.
  const csv = (row, request) => {
    const cell = (value) => {
      let text = String(value);
      if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
      return '"' + text.replace(/"/g, '""') + '"';
    };
    const answers = answerRows(request);
    const head = [t("reference"), "id", t("service"), t("kiosk"), t("sent"), t("language"), t("assisted")].concat(answers.map((a) => a[0]));
    const values = [row.dataset.reference, request.id, serviceTitle(request.service_id), request.kiosk_id, time(request.created_at), request.lang, request.assisted ? t("assisted-yes") : t("assisted-no")].concat(answers.map((a) => a[1]));
    return "\ufeff" + head.map(cell).join(",") + "\r\n" + values.map(cell).join(",") + "\r\n";
  };

  const download = (id, content, type, name) => {
    const link = document.getElementById(id);
    const url = URL.createObjectURL(new Blob([content], { type }));
    urls.push(url);
    link.href = url;
    link.download = name;
  };

  const field = (name) => detail.querySelector('[data-field="' + name + '"]');

  const show = (row) => {
    if (!key) {
      status.textContent = t("locked");
      keyInput.focus();
      return;
    }
    shown = row;
    urls.forEach((u) => URL.revokeObjectURL(u));
    urls = [];
    const result = opened.get(row.dataset.id);
    document.getElementById("request-title").textContent = t("reference") + " " + row.dataset.reference;
    field("kiosk").textContent = row.dataset.kiosk;
    field("received").textContent = row.dataset.received;
    field("state").textContent = row.querySelector(".state").textContent;
    const error = field("error");
    const answers = field("answers");
    answers.replaceChildren();
    const actions = detail.querySelector(".actions");
    if (result.error) {
      error.textContent = t(result.error);
      error.hidden = false;
      for (const name of ["service", "sent", "language", "assisted"]) field(name).textContent = "";
      field("answers-table").hidden = true;
      actions.querySelectorAll("a, #print").forEach((e) => (e.hidden = true));
    } else {
      const request = result.request;
      error.hidden = true;
      field("service").textContent = serviceTitle(request.service_id);
      field("sent").textContent = time(request.created_at);
      field("language").textContent = languageName(request.lang);
      field("assisted").textContent = request.assisted ? t("assisted-yes") : t("assisted-no");
      for (const [question, answer] of answerRows(request)) {
        const tr = document.createElement("tr");
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = question;
        const td = document.createElement("td");
        td.textContent = answer;
        tr.append(th, td);
        answers.append(tr);
      }
      field("answers-table").hidden = false;
      actions.querySelectorAll("a, #print").forEach((e) => (e.hidden = false));
      const name = "request-" + row.dataset.reference;
      download("download-json", JSON.stringify(request, null, 2) + "\n", "application/json", name + ".json");
      download("download-csv", csv(row, request), "text/csv;charset=utf-8", name + ".csv");
    }
    const form = document.getElementById("handled-form");
    form.elements.id.value = row.dataset.id;
    form.hidden = row.dataset.handled === "1";
    const again = document.getElementById("new-form");
    again.elements.id.value = row.dataset.id;
    again.hidden = row.dataset.handled !== "1";
    rows().forEach((r) => r.classList.toggle("current", r === row));
    detail.hidden = false;
    detail.focus();
    // Who read which request is in the hub's audit log; the words never leave this page.
    if (!result.error) post("/requests/read", row.dataset.id).catch(() => {});
    document.getElementById("notes").hidden = Boolean(result.error);
    if (!result.error) showNotes(row.dataset.id);
  };

  const post = (path, id) => fetch(path, { method: "POST", credentials: "same-origin", body: new URLSearchParams({ csrf, id, fragment: "1" }) });

  // The session ran out: nothing opened stays on screen, and the key is forgotten.
  const ended = () => {
    key = null;
    opened.clear();
    shown = null;
    urls.forEach((u) => URL.revokeObjectURL(u));
    urls = [];
    detail.hidden = true;
    field("answers").replaceChildren();
    document.getElementById("list-part").replaceChildren();
    status.textContent = t("session-ended");
    status.focus();
  };

  // An answer from the hub that is the words asked for, not a page it was sent to instead.
  const words = async (answer) => {
    if (answer.redirected || !answer.ok || !(answer.headers.get("content-type") || "").startsWith("text/plain")) return null;
    return answer.text();
  };

  inbox.addEventListener("click", (event) => {
    const button = event.target.closest("button.open");
    if (button) show(button.closest("tr"));
  });

  document.getElementById("back").addEventListener("click", () => {
    detail.hidden = true;
    const row = shown && rows().find((r) => r.dataset.id === shown.dataset.id);
    if (row) row.querySelector("button.open").focus();
  });

  // Each row's assisted cell once the key is open.
  const decorate = () => {
    if (!key) return 0;
    let readable = 0;
    for (const row of rows()) {
      const result = opened.get(row.dataset.id) || open(row);
      opened.set(row.dataset.id, result);
      const cell = row.querySelector(".assisted");
      if (result.request) {
        readable++;
        cell.textContent = result.request.assisted ? t("assisted-yes") : t("assisted-no");
        row.classList.remove("unreadable");
      } else {
        cell.textContent = "–";
        row.classList.add("unreadable");
      }
    }
    return readable;
  };

  // Filters and pages without leaving the page, so the open key stays open.
  const list = async (query) => {
    const answer = await fetch("/requests?" + query + "&fragment=1", { credentials: "same-origin", cache: "no-store" });
    if (answer.redirected) return ended();
    if (!answer.ok) return;
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html").getElementById("list-part");
    if (!fresh) return;
    document.getElementById("list-part").replaceWith(fresh);
    history.replaceState(null, "", "/requests?" + query);
    detail.hidden = true;
    decorate();
    const matching = document.getElementById("matching");
    if (matching) status.textContent = matching.textContent;
  };
  document.getElementById("find").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams(new FormData(event.target));
    query.set("page", "1");
    list(query.toString());
  });
  inbox.addEventListener("click", (event) => {
    const link = event.target.closest(".pager a");
    if (!link) return;
    event.preventDefault();
    list(link.getAttribute("href").split("?")[1] || "");
  });

  document.getElementById("print").addEventListener("click", () => window.print());

  document.getElementById("handled-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    await change(event.target, "/requests/handled", "1");
  });
  document.getElementById("new-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    await change(event.target, "/requests/new", "");
  });

  // "Handled" and "new again": the row and the request say the new state; an ended session
  // hides everything instead of showing the sign-in page's words.
  const change = async (form, path, handled) => {
    const id = form.elements.id.value;
    let state;
    try {
      state = await words(await post(path, id));
    } catch (e) {
      state = null;
    }
    if (state === null) return ended();
    const row = rows().find((r) => r.dataset.id === id);
    if (row) {
      row.querySelector(".state").textContent = state;
      if (handled) row.dataset.handled = handled;
      else delete row.dataset.handled;
    }
    field("state").textContent = state;
    document.getElementById("handled-form").hidden = handled === "1";
    document.getElementById("new-form").hidden = handled !== "1";
    status.textContent = state;
  };

  keyInput.addEventListener("change", async () => {
    const file = keyInput.files && keyInput.files[0];
    keyInput.value = ""; // the browser forgets the chosen file; the key lives only below
    if (!file) return;
    let secret;
    try {
      secret = fromBase64(await file.text());
    } catch (e) {
      secret = null;
    }
    if (!secret || secret.length !== nacl.box.secretKeyLength) {
      key = null;
      status.textContent = t("key-bad");
      return;
    }
    key = nacl.box.keyPair.fromSecretKey(secret);
    try {
      const answer = await fetch("/requests/texts.json?lang=" + encodeURIComponent(lang), { credentials: "same-origin" });
      texts = answer.ok ? (await answer.json()).services || {} : {};
    } catch (e) {
      texts = {};
    }
    opened.clear();
    const readable = decorate();
    const count = rows().length;
    status.textContent = count > 0 && readable === 0 ? t("key-none") : t("key-opened").replace("{opened}", readable).replace("{count}", count);
    inbox.dataset.keyOpen = "1";
    if (shown) show(shown);
  });
})();
