/* The web chat (4 of 5): what the page asks the server, one request after the other in
 * the order the resident acted: POST /api/chat for each message, POST /api/chat/reset
 * when the conversation is cleared. Each carries the session the tab keeps and takes the
 * one the server hands back. A refusal the server gave no words for is told in the
 * page's own words: what the resident can do. */
(function (chat) {
  "use strict";

  var MAX_WAIT_S = 3600; // a longer Retry-After is not told as a number of seconds

  var TEXTS = chat.texts;
  var storage = chat.storage;
  var rendering = chat.rendering;
  var input = document.getElementById("message");
  var waiting = document.getElementById("waiting");
  var pending = 0; // messages sent and not answered yet
  var queue = Promise.resolve();

  // While a message waits for its answer the page says so (a slow answer is not a lost
  // one: nothing to send again), and the log is busy: a screen reader reads the answer
  // once it has all come.
  function send(message, shown) {
    if (shown) rendering.showUser(shown);
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
    rendering.setBusy(pending > 0);
  }

  // A JSON request in the session: {response, body} (body null when not JSON).
  function call(path, message) {
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    var token = storage.token();
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
    if (body && Object.prototype.hasOwnProperty.call(body, "session")) {
      storage.setToken(body.session);
    }
    var replies = body && Array.isArray(body.replies) ? body.replies : [];
    rendering.renderAll(replies);
    return replies;
  }

  function post(message, mayRestart) {
    return call("/api/chat", message)
      .then(function (answer) {
        var body = answer.body;
        if (answer.response.status === 401 && mayRestart && body && body.field === "session") {
          storage.setToken(null); // expired or from another server: start a new conversation
          return post(message, false);
        }
        var replies = showReplies(answer);
        if (notRead(answer.response, replies)) giveBack(message.text);
        // The resident's data was deleted (the session ended): a reload shows none of it.
        if (body && body.session === null && answer.response.ok) {
          storage.forgetTranscript();
          storage.forgetPosition();
        }
        if (!replies.length && !answer.response.ok) {
          rendering.showSystem(refusal(answer.response));
        }
      })
      .catch(function () {
        rendering.showSystem(TEXTS.send_failed); // no answer at all: the connection
      });
  }

  // The bot starts the conversation afresh (the screen was cleared already), after the
  // messages sent before and before any sent after. Nothing to do without a session.
  function startAfresh() {
    if (!storage.token()) return;
    queue = queue.then(function () {
      return call("/api/chat/reset", {})
        .then(function (answer) {
          if (answer.response.status === 401) {
            storage.setToken(null); // the session ended: the next message starts afresh
            return;
          }
          showReplies(answer);
          if (!answer.response.ok) rendering.showSystem(TEXTS.not_cleared);
        })
        .catch(function () {
          rendering.showSystem(TEXTS.not_cleared);
        });
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

  chat.requests = { send: send, startAfresh: startAfresh };
})((window.citizenbotChat = window.citizenbotChat || {}));
