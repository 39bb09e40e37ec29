/* The web chat (2 of 5): the conversation on the screen. Server text is only ever set as
 * text (textContent), never parsed as HTML. What is shown is also kept by the tab
 * (tab-storage.js), unless it is being shown again after a reload. */
(function (chat) {
  "use strict";

  var TEXTS = JSON.parse(document.getElementById("chat-texts").textContent).page;
  // A button's label longer than this is cut after a whole word, with "…".
  var LABEL_MAX = 80;

  var storage = chat.storage;
  var log = document.getElementById("log");
  var welcome = log.firstElementChild; // the page's own greeting: never cleared

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function bubble(kind, who) {
    var node = el("div", "msg msg-" + kind);
    if (who) node.appendChild(el("p", "who", who));
    return node;
  }

  // The newest message in view: its end, or its start when it is taller than the view
  // (a long answer is read from its first line, not from its last).
  function show(node) {
    log.appendChild(node);
    reveal(node);
  }

  // Scrolled to the end, unless that hides the start of ``first`` (the first of the
  // messages that just came): then to that start.
  // (Computed once, from where ``first`` sits in the log: the log may scroll smoothly.)
  function reveal(first) {
    var start =
      first.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop - 8;
    log.scrollTop = Math.min(log.scrollHeight - log.clientHeight, Math.max(0, start));
  }

  function showUser(text, restored) {
    var node = bubble("user", TEXTS.you);
    node.appendChild(el("p", "text", text));
    show(node);
    if (!restored) storage.keep({ k: "user", t: text });
  }

  // What the page says itself (no answer came, the conversation was cleared...).
  function showSystem(text, restored) {
    var node = bubble("system", null);
    node.appendChild(el("p", "text", text));
    show(node);
    if (!restored) storage.keep({ k: "system", t: text });
  }

  // A long label (a procedure's full name) cut after a whole word, never inside one.
  function shortLabel(label) {
    var text = String(label === undefined || label === null ? "" : label)
      .replace(/\s+/g, " ")
      .trim();
    if (text.length <= LABEL_MAX) return text;
    var head = text.slice(0, LABEL_MAX - 1);
    var space = head.lastIndexOf(" ");
    if (space >= LABEL_MAX / 2) head = head.slice(0, space);
    return head.replace(/[\s.,;:\-–(]+$/, "") + "…";
  }

  function choiceButton(label, payload) {
    var button = el("button", null, shortLabel(label));
    button.type = "button";
    button.dataset.payload = payload;
    return button;
  }

  function mapUrl(venue) {
    return TEXTS.map_url
      .replace("{lat}", encodeURIComponent(String(venue.lat)))
      .replace("{lon}", encodeURIComponent(String(venue.lon)));
  }

  function venueBox(venue) {
    var box = el("div", "venue");
    if (venue.title) box.appendChild(el("p", "title", venue.title));
    if (venue.address) box.appendChild(el("p", "address", venue.address));
    if (isFinite(venue.lat) && isFinite(venue.lon)) {
      var link = el("a", null, TEXTS.open_map + " ");
      link.href = mapUrl(venue);
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.appendChild(el("span", "visually-hidden", TEXTS.new_window));
      var line = el("p");
      line.appendChild(link);
      box.appendChild(line);
    }
    return box;
  }

  function imageSource(image) {
    if (typeof image.url === "string" && /^\/(?![\/\\])/.test(image.url)) return image.url;
    if (image.kind === "card" && image.key) {
      var src = "/api/cards/" + encodeURIComponent(image.key) + ".png";
      return image.unit ? src + "?unit=" + encodeURIComponent(image.unit) : src;
    }
    return null;
  }

  // One of the bot's messages: its text, picture, place and buttons; the node shown.
  function render(reply, restored) {
    if (!reply || typeof reply !== "object") return;
    var node = bubble("bot", TEXTS.bot);
    node.appendChild(el("p", "text", reply.text || ""));
    if (reply.image && typeof reply.image === "object") {
      var src = imageSource(reply.image);
      if (src) {
        var img = el("img");
        img.alt = reply.image.alt || TEXTS.card_alt;
        img.src = src;
        node.appendChild(img);
      }
    }
    if (reply.venue && typeof reply.venue === "object") node.appendChild(venueBox(reply.venue));
    var choices = el("div", "choices");
    (Array.isArray(reply.buttons) ? reply.buttons : []).forEach(function (b) {
      if (b && typeof b.payload === "string") choices.appendChild(choiceButton(b.label, b.payload));
    });
    if (reply.request_location) {
      var share = el("button", "location", TEXTS.share_location);
      share.type = "button";
      share.dataset.location = "1";
      choices.appendChild(share);
    }
    if (choices.childNodes.length) node.appendChild(choices);
    show(node);
    if (!restored) storage.keep({ k: "bot", r: reply });
    return node;
  }

  // Several of the bot's messages that came together, read from the first one's start.
  function renderAll(replies) {
    var first = null;
    replies.forEach(function (reply) {
      var node = render(reply);
      first = first || node;
    });
    if (first) reveal(first);
  }

  // What the tab kept, shown again after a reload (not read out again).
  function restore() {
    var transcript = storage.transcript();
    if (!transcript.length) return;
    log.setAttribute("aria-live", "off");
    transcript.forEach(function (entry) {
      if (!entry || typeof entry !== "object") return;
      if (entry.k === "user") showUser(entry.t, true);
      else if (entry.k === "system") showSystem(entry.t, true);
      else if (entry.k === "bot") render(entry.r, true);
    });
    log.scrollTop = log.scrollHeight;
    log.setAttribute("aria-live", "polite");
  }

  // Back to the greeting (what the tab kept is the caller's to forget).
  function clearScreen() {
    while (welcome.nextSibling) log.removeChild(welcome.nextSibling);
  }

  // While an answer is awaited the log is busy: a screen reader reads it once it has come.
  function setBusy(busy) {
    if (busy) log.setAttribute("aria-busy", "true");
    else log.removeAttribute("aria-busy");
  }

  chat.texts = TEXTS;
  chat.rendering = {
    showUser: showUser,
    showSystem: showSystem,
    render: render,
    renderAll: renderAll,
    restore: restore,
    clearScreen: clearScreen,
    setBusy: setBusy,
  };
})((window.citizenbotChat = window.citizenbotChat || {}));
