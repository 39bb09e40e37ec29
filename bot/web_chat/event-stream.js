/* The web chat (3 of 5): what is pushed to the resident (dossier news, a volunteer's
 * replies), read from GET /api/chat/events, a server-sent event stream read with fetch
 * (so that it sends the X-Session header).
 *
 * Pushed messages come with ids: the page reconnects with the last one it handled
 * (Last-Event-ID), the server hands out again what came after it, and the page shows
 * each id once. The stream follows the session: a new user's session opens a new one,
 * none is open without a session. */
(function (chat) {
  "use strict";

  var RETRY_MIN_MS = 2000;
  var RETRY_MAX_MS = 30000;

  var storage = chat.storage;
  var rendering = chat.rendering;
  var stream = null; // {controller: AbortController, token: string}

  function listen() {
    var token = storage.token();
    if (stream && token && storage.userOf(stream.token) === storage.userOf(token)) {
      stream.token = token; // a renewed session of the same user: used when reconnecting
      return;
    }
    stop();
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
      var last = storage.lastEvent();
      if (last) headers["Last-Event-ID"] = last; // what was handled
      fetch("/api/chat/events", {
        headers: headers,
        credentials: "same-origin",
        cache: "no-store",
        signal: current.controller.signal,
      })
        .then(function (response) {
          if (response.status === 401) {
            if (stream === current) storage.setToken(null); // (which stops this stream)
            return;
          }
          if (response.status === 400 && storage.lastEvent()) {
            storage.setLast(null); // not an id of this session's: from now on
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

  function stop() {
    if (stream) stream.controller.abort();
    stream = null;
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
    if (id !== null) storage.setLast(id);
  }

  function value(line, start) {
    return line.slice(line.charAt(start) === " " ? start + 1 : start);
  }

  // A pushed message: shown unless its id was shown already (handed out again after a
  // reconnection, or in the conversation restored after a reload).
  function pushed(id, data) {
    if (id && storage.wasShown(id)) return;
    try {
      rendering.render(JSON.parse(data));
    } catch (e) {
      /* not a message of ours */
    }
    if (id) storage.markShown(id);
  }

  storage.onSessionChange(listen);
  chat.stream = { listen: listen, stop: stop };
})((window.citizenbotChat = window.citizenbotChat || {}));
