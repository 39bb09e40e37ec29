/* The web chat (1 of 5, loaded first): what the tab keeps in its sessionStorage, this tab
 * only, so that a reload goes on where it was.
 *
 * - The session token the server issues, sent as the X-Session header: it works in a page
 *   embedded on another site, where the session cookie is not sent.
 * - What the conversation showed, with long digit runs (ID card and phone numbers)
 *   masked: on a shared computer the next person must not find them. It goes when the
 *   resident deletes their data or presses "Xóa cuộc trò chuyện".
 * - Where the stream of pushed messages is (the last message's id handled) and the ids
 *   shown, so that each is shown once.
 *
 * Storage may be blocked (a strict embedding) or full: then all this lives in memory. */
(function (chat) {
  "use strict";

  var STORE_KEY = "citizenbot.session";
  var TRANSCRIPT_KEY = "citizenbot.transcript";
  var TRANSCRIPT_MAX = 100; // entries kept: the latest
  var EVENTS_KEY = "citizenbot.events";
  var SEEN_MAX = 200;
  // 9 digits or more, maybe grouped ("0912 345 678", "+84 (28) 3829 1234"): ID card and
  // phone numbers, masked in what the tab keeps (flows/redact.py's numbers for storage;
  // not after "-": a dossier code's "…H51-250701-0002" stays whole).
  var LONG_NUMBER = /(^|[^\w.,\-])(\+?\(?(?:\d[\s.\-()]{0,2}){8,}\d)(?!\w)/g;

  // ---- the session -------------------------------------------------------------------

  var token = readToken();
  var sessionListeners = []; // told when the session changes (the stream follows it)

  function readToken() {
    try {
      return window.sessionStorage.getItem(STORE_KEY);
    } catch (e) {
      return null; // storage blocked (a strict embedding): the session lives in memory
    }
  }

  // The user a session token speaks for (its second part).
  function userOf(value) {
    return value ? String(value).split(".")[1] : null;
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
    sessionListeners.forEach(function (listener) {
      listener(token);
    });
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

  // What the tab keeps, numbers masked (what is on the screen now stays as it was).
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

  // Entries: {k: "user" | "system", t: text} or {k: "bot", r: reply}, masked here.
  function keep(entry) {
    if (entry.k === "bot") transcript.push({ k: "bot", r: masked(entry.r) });
    else transcript.push({ k: entry.k, t: mask(entry.t) });
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

  // The last pushed message handled (its id: sent when reconnecting), or null.
  function setLast(id) {
    position.last = id || null;
    savePosition();
  }

  function wasShown(id) {
    return position.seen.indexOf(id) >= 0;
  }

  function markShown(id) {
    position.seen.push(id);
    if (position.seen.length > SEEN_MAX) position.seen = position.seen.slice(-SEEN_MAX);
  }

  chat.storage = {
    token: function () {
      return token;
    },
    setToken: setToken,
    userOf: userOf,
    onSessionChange: function (listener) {
      sessionListeners.push(listener);
    },
    transcript: function () {
      return transcript.slice();
    },
    keep: keep,
    forgetTranscript: forgetTranscript,
    lastEvent: function () {
      return position.last;
    },
    setLast: setLast,
    wasShown: wasShown,
    markShown: markShown,
    forgetPosition: forgetPosition,
  };
})((window.citizenbotChat = window.citizenbotChat || {}));
