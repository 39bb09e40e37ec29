/* The residents' web chat: POST /api/chat for each message, GET /api/chat/events for what
 * is pushed (dossier news, a volunteer's replies). Server text is only ever set as text
 * (textContent), never parsed as HTML. The session token the server issues is kept in
 * sessionStorage and sent as the X-Session header: it works in a page embedded on another
 * site, where the session cookie is not sent.
 *
 * Pushed messages come with ids: the page reconnects with the last one it handled
 * (Last-Event-ID), the server hands out again what came after it, and the page shows
 * each id once. What the tab keeps to show again after a reload has long digit runs (ID
 * card and phone numbers) masked, and goes when the resident deletes their data or
 * presses "Xóa cuộc trò chuyện". */
(function () {
  "use strict";

  var TEXTS = JSON.parse(document.getElementById("chat-texts").textContent).page;
  var STORE_KEY = "citizenbot.session";
  // What the conversation showed, so that reloading the tab shows it again (this tab
  // only, like the session; emptied when the resident deletes their data).
  var TRANSCRIPT_KEY = "citizenbot.transcript";
  var TRANSCRIPT_MAX = 100; // entries kept: the latest
  // The stream's position (the last pushed message's id handled) and the ids shown.
  var EVENTS_KEY = "citizenbot.events";
  var SEEN_MAX = 200;
  // A button's label longer than this is cut after a whole word, with "…".
  var LABEL_MAX = 80;
  // 9 digits or more, maybe grouped ("0912 345 678", "+84 (28) 3829 1234"): ID card and
  // phone numbers, masked in what the tab keeps (flows/redact.py's numbers for storage;
  // not after "-": a dossier code's "…H51-250701-0002" stays whole).
  var LONG_NUMBER = /(^|[^\w.,\-])(\+?\(?(?:\d[\s.\-()]{0,2}){8,}\d)(?!\w)/g;
  var EMBEDDED = window.parent !== window;
  var RETRY_MIN_MS = 2000;
  var RETRY_MAX_MS = 30000;
  var MAX_WAIT_S = 3600; // a longer Retry-After is not told as a number of seconds

  var log = document.getElementById("log");
  var welcome = log.firstElementChild; // the page's own greeting: never cleared
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var waiting = document.getElementById("waiting");
  var pending = 0; // messages sent and not answered yet

  var token = readToken();
  var queue = Promise.resolve();
  var stream = null; // {controller: AbortController, token: string}

  // ---- the session -------------------------------------------------------------------

  function readToken() {
    try {
      return window.sessionStorage.getItem(STORE_KEY);
    } catch (e) {
      return null; // storage blocked (a strict embedding): the session lives in memory
    }
  }

  function setToken(value) {
    if (value === token) return;
    if (userOf(value) !== userOf(token)) forgetPosition(); // ids are the user's own
    token = value;
    try {
      if (value) window.sessionStorage.setItem(STORE_KEY, value);
      else window.sessionStorage.removeItem(STORE_KEY);
    } catch (e) {
      /* kept in memory only */
    }
    listen();
  }

  // ---- what the tab showed: kept across a reload ---------------------------------------

  var transcript = readTranscript();

  function readTranscript() {
    try {
      var kept = JSON.parse(window.sessionStorage.getItem(TRANSCRIPT_KEY) || "[]");
      return Array.isArray(kept) ? kept : [];
    } catch (e) {
      return [];
    }
  }

  // What the tab keeps, numbers masked: on a shared computer the next person must not
  // find them (what is on the screen now stays as it was).
  function mask(text) {
    return String(text === undefined || text === null ? "" : text).replace(LONG_NUMBER, "$1***");
  }

  function masked(reply) {
    var copy = {};
    Object.keys(reply).forEach(function (name) {
      copy[name] = reply[name];
    });
    copy.text = mask(reply.text);
    if (Array.isArray(reply.buttons)) {
      copy.buttons = reply.buttons.map(function (b) {
        return b && typeof b === "object" ? { label: mask(b.label), payload: b.payload } : b;
      });
    }
    return copy;
  }

  function keep(entry) {
    transcript.push(entry);
    if (transcript.length > TRANSCRIPT_MAX) transcript = transcript.slice(-TRANSCRIPT_MAX);
    saveTranscript();
  }

  function saveTranscript() {
    try {
      if (transcript.length) {
        window.sessionStorage.setItem(TRANSCRIPT_KEY, JSON.stringify(transcript));
      } else {
        window.sessionStorage.removeItem(TRANSCRIPT_KEY);
      }
    } catch (e) {
      /* full or blocked: shown now, not after a reload */
    }
  }

  function forgetTranscript() {
    transcript = [];
    saveTranscript();
  }

  // "Xóa cuộc trò chuyện": the screen and what the tab keeps, back to the greeting, and
  // the bot starts afresh: it forgets what the conversation was about (the session goes
  // on, with its followed dossiers and a request for a person; "xóa dữ liệu của tôi"
  // deletes what the server keeps). After the messages already sent, before the next.
  function clearConversation() {
    while (welcome.nextSibling) log.removeChild(welcome.nextSibling);
    forgetTranscript();
    showSystem(TEXTS.cleared, true);
    input.focus();
    if (!token) return; // nothing said yet: nothing to forget
    queue = queue.then(startAfresh);
  }

  function startAfresh() {
    return call("/api/chat/reset", {})
      .then(function (answer) {
        if (answer.response.status === 401) {
          setToken(null); // the session ended: the next message starts a fresh one anyway
          return;
        }
        showReplies(answer);
        if (!answer.response.ok) showSystem(TEXTS.not_cleared);
      })
      .catch(function () {
        showSystem(TEXTS.not_cleared);
      });
  }

  // ---- pushed messages: where the stream is, and which were shown ------------------------

  var position = readPosition();

  function readPosition() {
    try {
      var kept = JSON.parse(window.sessionStorage.getItem(EVENTS_KEY) || "null");
      if (kept && typeof kept === "object" && Array.isArray(kept.seen)) {
        return { last: typeof kept.last === "string" ? kept.last : null, seen: kept.seen };
      }
    } catch (e) {
      /* blocked or unreadable: from now on */
    }
    return { last: null, seen: [] };
  }

  function savePosition() {
    try {
      if (position.last || position.seen.length) {
        window.sessionStorage.setItem(EVENTS_KEY, JSON.stringify(position));
      } else {
        window.sessionStorage.removeItem(EVENTS_KEY);
      }
    } catch (e) {
      /* kept in memory only */
    }
  }

  function forgetPosition() {
    position = { last: null, seen: [] };
    savePosition();
  }

  // A pushed message: shown unless its id was shown already (handed out again after a
  // reconnection, or in the conversation restored after a reload).
  function pushed(id, data) {
    if (id && position.seen.indexOf(id) >= 0) return;
    try {
      render(JSON.parse(data));
    } catch (e) {
      /* not a message of ours */
    }
    if (id) {
      position.seen.push(id);
      if (position.seen.length > SEEN_MAX) position.seen = position.seen.slice(-SEEN_MAX);
    }
  }

  function restore() {
    if (!transcript.length) return;
    log.setAttribute("aria-live", "off"); // shown again, not read out again
    transcript.forEach(function (entry) {
      if (!entry || typeof entry !== "object") return;
      if (entry.k === "user") showUser(entry.t, true);
      else if (entry.k === "system") showSystem(entry.t, true);
      else if (entry.k === "bot") render(entry.r, true);
    });
    log.scrollTop = log.scrollHeight;
    log.setAttribute("aria-live", "polite");
  }

  // ---- rendering -----------------------------------------------------------------------

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
    if (!restored) keep({ k: "user", t: mask(text) });
  }

  function showSystem(text, restored) {
    var node = bubble("system", null);
    node.appendChild(el("p", "text", text));
    show(node);
    if (!restored) keep({ k: "system", t: mask(text) });
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
    if (!restored) keep({ k: "bot", r: masked(reply) });
    return node;
  }

  // ---- talking to the server -------------------------------------------------------------

  // While a message waits for its answer the page says so (a slow answer is not a lost
  // one: nothing to send again), and the log is busy: a screen reader reads the answer
  // once it has all come.
  function send(message, shown) {
    if (shown) showUser(shown);
    setPending(1);
    queue = queue
      .then(function () {
        return post(message, true);
      })
      .then(function () {
        setPending(-1);
      });
    return queue;
  }

  function setPending(change) {
    pending += change;
    if (waiting) waiting.hidden = pending <= 0;
    if (pending > 0) log.setAttribute("aria-busy", "true");
    else log.removeAttribute("aria-busy");
  }

  // A JSON request in the session: {response, body} (body null when not JSON).
  function call(path, message) {
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (token) headers["X-Session"] = token;
    return fetch(path, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(message),
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(
        function (body) {
          return { response: response, body: body };
        },
        function () {
          return { response: response, body: null };
        }
      );
    });
  }

  // The session an answer carries, and its replies shown (returned).
  function showReplies(answer) {
    var body = answer.body;
    if (body && Object.prototype.hasOwnProperty.call(body, "session")) setToken(body.session);
    var replies = body && Array.isArray(body.replies) ? body.replies : [];
    var first = null;
    replies.forEach(function (reply) {
      var node = render(reply);
      first = first || node;
    });
    if (first) reveal(first); // an answer in several messages is read from its start
    return replies;
  }

  function post(message, mayRestart) {
    return call("/api/chat", message)
      .then(function (answer) {
        var body = answer.body;
        if (answer.response.status === 401 && mayRestart && body && body.field === "session") {
          setToken(null); // expired or from another server: start a new conversation
          return post(message, false);
        }
        var replies = showReplies(answer);
        if (notRead(answer.response, replies)) giveBack(message.text);
        // The resident's data was deleted (the session ended): a reload shows none of it.
        if (body && body.session === null && answer.response.ok) {
          forgetTranscript();
          forgetPosition();
        }
        if (!replies.length && !answer.response.ok) showSystem(refusal(answer.response));
      })
      .catch(function () {
        showSystem(TEXTS.send_failed); // no answer at all: the connection
      });
  }

  // A message the server could not read: too long (its limit, not the input's: a pasted
  // text is not cut off silently) or with characters it refuses.
  function notRead(response, replies) {
    return (
      response.status === 400 ||
      response.status === 413 ||
      replies.some(function (reply) {
        return reply && reply.kind === "too_long";
      })
    );
  }

  // The text goes back into the box to be shortened, unless something new is typed there.
  function giveBack(text) {
    if (typeof text !== "string" || input.value) return;
    input.value = text;
    input.focus();
  }

  // A refusal the server gave no words for: what the resident can do (not "check your
  // network": the message reached the server).
  function refusal(response) {
    var status = response.status;
    var text = TEXTS.not_answered;
    if (status === 429) text = TEXTS.too_fast;
    else if (status === 503) text = TEXTS.busy;
    else if (status === 400 || status === 413 || status === 415) text = TEXTS.not_readable;
    var seconds = retryAfter(response);
    var wait = seconds
      ? TEXTS.wait_seconds.replace("{seconds}", String(seconds))
      : TEXTS.wait_moment;
    return text.replace("{wait}", wait);
  }

  // Retry-After (seconds, or an HTTP date) as whole seconds, or null when absent or odd.
  function retryAfter(response) {
    var value = (response.headers.get("Retry-After") || "").trim();
    var seconds = /^\d+$/.test(value) ? parseInt(value, 10) : NaN;
    if (isNaN(seconds) && value) seconds = Math.ceil((Date.parse(value) - Date.now()) / 1000);
    return seconds >= 1 && seconds <= MAX_WAIT_S ? seconds : null;
  }

  // ---- live messages: a server-sent event stream read with fetch ---------------------------

  function userOf(value) {
    return value ? String(value).split(".")[1] : null;
  }

  function listen() {
    if (stream && token && userOf(stream.token) === userOf(token)) {
      stream.token = token; // a renewed session of the same user: used when reconnecting
      return;
    }
    if (stream) stream.controller.abort();
    stream = null;
    if (!token) return;
    var current = { controller: new AbortController(), token: token };
    stream = current;
    var delay = RETRY_MIN_MS;

    function again() {
      if (stream !== current) return;
      window.setTimeout(function () {
        if (stream === current) open();
      }, delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }

    function open() {
      var headers = { "X-Session": current.token, Accept: "text/event-stream" };
      if (position.last) headers["Last-Event-ID"] = position.last; // what was handled
      fetch("/api/chat/events", {
        headers: headers,
        credentials: "same-origin",
        cache: "no-store",
        signal: current.controller.signal,
      })
        .then(function (response) {
          if (response.status === 401) {
            if (stream === current) setToken(null);
            return;
          }
          if (response.status === 400 && position.last) {
            position.last = null; // not an id of this session's: from now on
            savePosition();
            return again();
          }
          if (!response.ok || !response.body) return again();
          delay = RETRY_MIN_MS;
          return read(response.body.getReader()).then(again);
        })
        .catch(function () {
          if (!current.controller.signal.aborted) again();
        });
    }

    open();
  }

  function read(reader) {
    var decoder = new TextDecoder();
    var buffer = "";
    function next() {
      return reader.read().then(function (chunk) {
        if (chunk.done) return;
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, "\n");
        var end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        return next();
      });
    }
    return next();
  }

  // One block of the stream: a message (data, with its id), the stream's opening id, or a
  // comment (heartbeat). The id is kept once the message is handled: the acknowledgement
  // the next connection sends.
  function dispatch(block) {
    var id = null;
    var data = [];
    block.split("\n").forEach(function (line) {
      if (line.indexOf("data:") === 0) data.push(value(line, 5));
      else if (line.indexOf("id:") === 0) id = value(line, 3);
    });
    if (data.length) pushed(id, data.join("\n"));
    if (id !== null) {
      position.last = id || null;
      savePosition();
    }
  }

  function value(line, start) {
    return line.slice(line.charAt(start) === " " ? start + 1 : start);
  }

  // ---- location -------------------------------------------------------------------------------

  function shareLocation(button) {
    if (!navigator.geolocation) {
      showSystem(TEXTS.location_unavailable);
      return;
    }
    var label = button.textContent;
    button.disabled = true;
    button.textContent = TEXTS.locating;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        button.disabled = false;
        button.textContent = label;
        var point = { lat: position.coords.latitude, lon: position.coords.longitude };
        send({ location: point }, TEXTS.location_sent);
      },
      function (error) {
        button.disabled = false;
        button.textContent = label;
        showSystem(error.code === 1 ? TEXTS.location_denied : TEXTS.location_unavailable);
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
    );
  }

  // ---- the controls ---------------------------------------------------------------------------

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text: text }, text);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.type === "submit") return;
    if (button.id === "clear") clearConversation();
    else if (button.dataset.location) shareLocation(button);
    else if (button.dataset.payload) press(button, { payload: button.dataset.payload });
    else if (button.dataset.text) press(button, { text: button.dataset.text });
  });

  // A button pressed again before its answer came (a double tap) sends nothing more.
  function press(button, message) {
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    send(message, button.dataset.text || button.textContent).then(function () {
      button.removeAttribute("aria-busy");
    });
  }

  // Embedded on a commune's site: Escape closes the panel (embed.js), which gives the focus
  // back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !EMBEDDED || event.defaultPrevented) return;
    window.parent.postMessage({ citizenbot: "close" }, "*");
  });

  window.addEventListener("pagehide", function () {
    if (stream) stream.controller.abort();
    stream = null;
  });

  window.addEventListener("pageshow", function () {
    listen();
  });

  restore();
  listen();
})();
