// The web chat client: sends messages to /api/chat, shows replies with their choices as buttons,
// and polls /api/chat/inbox for messages that arrive later (staff answers, status changes), then
// acknowledges the ones it has shown. Who is talking is the server's HttpOnly session cookie, which
// fetch sends by itself; the page keeps no id of its own.
(function () {
  "use strict";
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var button = form.querySelector("button");
  // Inbox messages already on screen: a message whose acknowledgement was lost comes again.
  var shown = {};
  // The id older versions of this page made up; it identifies nobody any more.
  try { localStorage.removeItem("chatUserId"); } catch (e) { /* storage disabled */ }

  // Links in a message: absolute http(s) addresses (sources, links under PUBLIC_BASE_URL) and this
  // site's own pages written as paths (/privacy, /my-data/<token>) when no public address is set.
  // Commands such as /xoadulieu stay text. Built as DOM nodes, never as markup, and only http(s).
  var LINK = /https?:\/\/[^\s<>"]+|\/(?:privacy|my-data\/[\w-]+)(?![\w\/-])/g;
  var TRAILING = /[.,;:!?'"\u201d\u2019]$/;

  function linkText(url) {
    // Punctuation after an address ends the sentence, not the address; a ")" closes the bracket
    // the address was written in, unless the address opened one itself.
    for (;;) {
      if (TRAILING.test(url)) url = url.slice(0, -1);
      else if (url.slice(-1) === ")" && url.split("(").length < url.split(")").length) url = url.slice(0, -1);
      else return url;
    }
  }

  function linkify(node, text) {
    var at = 0;
    var m;
    LINK.lastIndex = 0;
    while ((m = LINK.exec(text)) !== null) {
      var start = m.index;
      // A site path counts only as a word of its own ("Chi tiết: /privacy"), not inside "a/privacy".
      if (m[0].charAt(0) === "/" && start > 0 && !/[\s(]/.test(text.charAt(start - 1))) continue;
      var url = linkText(m[0]);
      var a = document.createElement("a");
      a.href = url;
      if (a.protocol !== "http:" && a.protocol !== "https:") continue;
      a.textContent = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      if (start > at) node.appendChild(document.createTextNode(text.slice(at, start)));
      node.appendChild(a);
      at = start + url.length;
      LINK.lastIndex = at;
    }
    if (at < text.length) node.appendChild(document.createTextNode(text.slice(at)));
  }

  function addMessage(who, text, choices, extraClass) {
    var div = document.createElement("div");
    div.className = "msg " + who + (extraClass ? " " + extraClass : "");
    var name = document.createElement("span");
    name.className = "who";
    name.textContent = who === "me" ? labels.you : labels.bot;
    div.appendChild(name);
    var body = document.createElement("span");
    linkify(body, text);
    div.appendChild(body);
    if (choices && choices.length) {
      var box = document.createElement("div");
      box.className = "choices";
      choices.forEach(function (c) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = c.label;
        b.addEventListener("click", function () { send(c.label, c.id); });
        box.appendChild(b);
      });
      div.appendChild(box);
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function send(text, choice, silent) {
    if (!text.trim()) return;
    if (!silent) addMessage("me", text);
    var pending = addMessage("bot", labels.sending, null, "pending");
    button.disabled = true;
    var body = { text: text };
    if (choice) body.choice = choice;
    fetch("/api/chat", { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
      .then(function (res) {
        pending.remove();
        if (!res.ok) { addMessage("bot", (res.json.error && res.json.error.message) || labels.networkError); return; }
        res.json.replies.forEach(function (r) { addMessage("bot", r.text, r.choices); });
      })
      .catch(function () { pending.remove(); addMessage("bot", labels.networkError); })
      .then(function () { button.disabled = false; input.focus(); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });

  function ack(ids) {
    if (!ids.length) return Promise.resolve();
    return fetch("/api/chat/inbox/ack", {
      method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids: ids }),
    });
  }

  function poll() {
    fetch("/api/chat/inbox", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (j) {
        var ids = [];
        j.messages.forEach(function (m) {
          if (!shown[m.id]) { shown[m.id] = true; addMessage("bot", m.text, m.choices); }
          ids.push(m.id);
        });
        return ack(ids);
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 5000); });
  }
  if (!sessionStorage.getItem("greeted")) { sessionStorage.setItem("greeted", "1"); send("/start", undefined, true); }
  poll();
})();
