/* The web chat on a commune's own website, with one tag:
 *   <script src="https://BOT-ADDRESS/embed.js" async></script>
 * adds a floating "Hỏi đáp thủ tục" button that opens the chat page (served by the bot, so
 * its session works) in a frame. Styles are set from script (a site's CSP that forbids
 * inline styles does not stop them) and every name is prefixed, so the site is untouched.
 * Escape (on the site or in the chat) closes the panel and returns to the button. */
(function () {
  "use strict";

  var TEXTS = /*TEXTS*/ {};
  var script = document.currentScript;
  if (!script || !script.src || window.citizenbotEmbed) return;
  var origin = new URL(script.src, window.location.href).origin;
  var PANEL_ID = "citizenbot-chat-panel";
  var BLUE = "#0b57a4";

  function style(node, rules) {
    Object.keys(rules).forEach(function (name) {
      node.style.setProperty(name, rules[name], "important");
    });
  }

  function focusRing(node) {
    node.addEventListener("focus", function () {
      style(node, { outline: "3px solid #ffd166", "outline-offset": "2px" });
    });
    node.addEventListener("blur", function () {
      style(node, { outline: "none" });
    });
  }

  function start() {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = TEXTS.open;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", PANEL_ID);
    style(button, {
      position: "fixed",
      right: "16px",
      bottom: "16px",
      "z-index": "2147483000",
      margin: "0",
      padding: "12px 18px",
      "min-height": "48px",
      border: "2px solid #fff",
      "border-radius": "24px",
      background: BLUE,
      color: "#fff",
      font: "600 16px/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
      "box-shadow": "0 2px 10px rgba(0, 0, 0, 0.3)",
      cursor: "pointer",
    });
    focusRing(button);

    var panel = document.createElement("div");
    panel.id = PANEL_ID;
    style(panel, {
      position: "fixed",
      right: "16px",
      bottom: "80px",
      "z-index": "2147483000",
      width: "min(400px, calc(100vw - 32px))",
      height: "min(640px, calc(100vh - 104px))",
      display: "none",
      overflow: "hidden",
      "border-radius": "12px",
      background: "#fff",
      "box-shadow": "0 4px 24px rgba(0, 0, 0, 0.35)",
    });

    var frame = null;

    function open() {
      if (!frame) {
        frame = document.createElement("iframe");
        frame.src = origin + "/";
        frame.title = TEXTS.frame_title;
        frame.setAttribute("allow", "geolocation");
        style(frame, { width: "100%", height: "100%", border: "0", display: "block" });
        panel.appendChild(frame);
      }
      style(panel, { display: "block" });
      button.textContent = TEXTS.close;
      button.setAttribute("aria-expanded", "true");
      frame.focus();
    }

    function close() {
      style(panel, { display: "none" });
      button.textContent = TEXTS.open;
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }

    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }

    button.addEventListener("click", function () {
      if (isOpen()) close();
      else open();
    });

    // Escape closes the panel and the focus goes back to the button: pressed on the site,
    // or in the chat (whose page tells this one: the frame is another origin's document).
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) close();
    });
    window.addEventListener("message", function (event) {
      if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
      if (event.data && event.data.citizenbot === "close" && isOpen()) close();
    });

    document.body.appendChild(panel);
    document.body.appendChild(button);
    window.citizenbotEmbed = { open: open, close: close };
  }

  window.citizenbotEmbed = true;
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
