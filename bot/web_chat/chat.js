/* The web chat (5 of 5, loaded last): the page's controls, and its start.
 *
 * The residents' web chat is five scripts, loaded in this order by index.html (deferred,
 * from this server only: the page's CSP allows no other script):
 *   tab-storage.js  what the tab keeps (the session, the conversation shown, the stream's
 *                   position) across a reload
 *   rendering.js    the conversation on the screen
 *   event-stream.js what is pushed to the resident (GET /api/chat/events)
 *   requests.js     what the page asks the server (POST /api/chat, /api/chat/reset)
 *   chat.js         the box, the buttons, the location, Escape in a frame; the start
 * They share one object, window.citizenbotChat. */
(function (chat) {
  "use strict";

  var TEXTS = chat.texts;
  var storage = chat.storage;
  var rendering = chat.rendering;
  var stream = chat.stream;
  var requests = chat.requests;
  var EMBEDDED = window.parent !== window;

  var form = document.getElementById("composer");
  var input = document.getElementById("message");

  // "Xóa cuộc trò chuyện": the screen and what the tab keeps, back to the greeting, and
  // the bot starts afresh: it forgets what the conversation was about (the session goes
  // on, with its followed dossiers and a request for a person; "xóa dữ liệu của tôi"
  // deletes what the server keeps).
  function clearConversation() {
    rendering.clearScreen();
    storage.forgetTranscript();
    rendering.showSystem(TEXTS.cleared, true);
    input.focus();
    requests.startAfresh();
  }

  function shareLocation(button) {
    if (!navigator.geolocation) {
      rendering.showSystem(TEXTS.location_unavailable);
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
        requests.send({ location: point }, TEXTS.location_sent);
      },
      function (error) {
        button.disabled = false;
        button.textContent = label;
        var text = error.code === 1 ? TEXTS.location_denied : TEXTS.location_unavailable;
        rendering.showSystem(text);
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
    );
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    requests.send({ text: text }, text);
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
    requests.send(message, button.dataset.text || button.textContent).then(function () {
      button.removeAttribute("aria-busy");
    });
  }

  // Embedded on a commune's site: Escape closes the panel (embed.js), which gives the focus
  // back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !EMBEDDED || event.defaultPrevented) return;
    window.parent.postMessage({ citizenbot: "close" }, "*");
  });

  window.addEventListener("pagehide", stream.stop);
  window.addEventListener("pageshow", stream.listen);

  rendering.restore();
  stream.listen();
})((window.citizenbotChat = window.citizenbotChat || {}));
