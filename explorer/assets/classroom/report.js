/* What a page in a class tells its teacher's board, and what it hears back. Reports (the lesson
   step, each Check, each run's end, the picture) wait in a queue kept in the browser's storage
   and go to the server in batches, in the background: nothing a student does waits for them,
   and nothing is lost. A report stays queued until the server says it has stored it (a reload,
   a dropped connection or a restarted server only delays it); the picture is sent at most every
   PICTURE_EVERY_MS, only the latest one counts. Every answer says how the class stands: paused
   (the page shows a notice until the teacher resumes) and how far the lesson may go. */
(function () {
  "use strict";
  const KEY = "tinynet-class";
  const PICTURE_EVERY_MS = 2000;
  const POLL_MS = 5000; // how often a quiet page asks how its class stands
  const POLL_PAUSED_MS = 1500;
  const BATCH = 50;
  const RETRY_MAX_MS = 15000;

  const C = {
    me: null, // {student, secret, nickname, class: {name, code, lesson, ...}}
    queue: [],
    seq: 0,
    status: null,
    sending: false,
    timer: null,
    retryMs: 0,
    heardAt: 0,
    picture: { latest: null, sent: null, at: 0, timer: null },
    listeners: [],
  };

  function load() {
    try {
      const kept = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (kept && kept.me && Number.isInteger(kept.me.student)) {
        C.me = kept.me;
        C.queue = Array.isArray(kept.queue) ? kept.queue : [];
        C.seq = Number.isInteger(kept.seq) ? kept.seq : 0;
      }
    } catch (err) {
      // storage refused or damaged: the page is simply not in a class
    }
  }

  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ me: C.me, queue: C.queue, seq: C.seq }));
    } catch (err) {
      // storage full or refused: reports still go while the page is open
    }
  }

  function tell() {
    C.listeners.forEach((f) => f(C));
  }

  async function post(path, body) {
    const res = await window.fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = {};
    try {
      data = await res.json();
    } catch (err) {
      data = {};
    }
    return { status: res.status, data: data };
  }

  /* The class as the server says it stands now. */
  function took(status) {
    if (!status) return;
    const changed = JSON.stringify(status) !== JSON.stringify(C.status);
    C.status = status;
    C.heardAt = Date.now();
    if (C.me) C.me.class = status;
    // Only a change goes to the page's store (the lesson's Next follows the pacing).
    if (changed && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("class-status", { data: status });
    }
    paused(Boolean(status.paused));
    tell();
  }

  /* The class is paused: a notice over the page, which cannot be used until it resumes. */
  function paused(on) {
    let notice = document.getElementById("class-pause");
    if (!on) {
      if (notice) notice.remove();
      const page = document.querySelector(".page");
      if (page) page.inert = false;
      return;
    }
    if (notice) return;
    notice = document.createElement("div");
    notice.id = "class-pause";
    notice.className = "class-pause";
    notice.setAttribute("role", "alertdialog");
    notice.setAttribute("aria-modal", "true");
    notice.setAttribute("aria-labelledby", "class-pause-title");
    const box = document.createElement("div");
    box.className = "class-pause-box";
    const title = document.createElement("h2");
    title.id = "class-pause-title";
    title.textContent = "Your teacher has paused the class";
    const text = document.createElement("p");
    text.textContent = "Eyes to the front for a moment. Everything on your page stays as it is, " +
      "and you go on from here when the class resumes.";
    box.append(title, text);
    notice.appendChild(box);
    document.body.appendChild(notice);
    const page = document.querySelector(".page");
    if (page) page.inert = true;
  }

  /* The server no longer knows this page's student (the class was deleted, or the student left
     on another tab): the page is not in a class any more. */
  function forget(message) {
    C.me = null;
    C.queue = [];
    C.status = null;
    save();
    paused(false);
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("class-status", { data: null });
    }
    C.lastMessage = message || "";
    tell();
  }

  function schedule(ms) {
    if (C.timer !== null) return;
    C.timer = window.setTimeout(function () {
      C.timer = null;
      flush();
    }, ms || 0);
  }

  function backOff() {
    C.retryMs = Math.min(RETRY_MAX_MS, C.retryMs ? 2 * C.retryMs : 1000);
    schedule(C.retryMs * (0.75 + 0.5 * Math.random()));
  }

  async function flush() {
    if (!C.me || C.sending || !C.queue.length) return;
    C.sending = true;
    const batch = C.queue.slice(0, BATCH);
    let retry = false;
    try {
      const { status, data } = await post("/class/report", {
        student: C.me.student, secret: C.me.secret, reports: batch,
      });
      if (status === 200 && Number.isInteger(data.acked)) {
        C.queue = C.queue.filter((r) => r.seq > data.acked);
        C.retryMs = 0;
        save();
        took(data.class);
      } else if (status === 403) {
        forget(data.message);
      } else if (status === 400 || status === 413) {
        // A report the server cannot take (a lesson it no longer has): set it aside so that the
        // others still go, and say so in the console for whoever looks.
        const dropped = C.queue.shift();
        save();
        console.warn("tinynet: a class report was refused:", data.message, dropped && dropped.kind);
      } else {
        retry = true;
      }
    } catch (err) {
      retry = true; // no connection: the reports wait
    }
    C.sending = false;
    if (retry) backOff();
    else if (C.queue.length) schedule(0);
  }

  function enqueue(report) {
    if (!C.me) return;
    report.seq = ++C.seq;
    report.at = Date.now() / 1000;
    C.queue.push(report);
    save();
    schedule(0);
  }

  /* The picture, as a link's query: kept as the latest, sent at most every PICTURE_EVERY_MS
     while the page is in a class (an older one not yet stored is replaced by it). */
  function picture(query) {
    const P = C.picture;
    P.latest = query;
    if (!C.me || P.timer !== null) return;
    const wait = P.at + PICTURE_EVERY_MS - Date.now();
    if (wait > 0) {
      P.timer = window.setTimeout(function () {
        P.timer = null;
        sendPicture();
      }, wait);
      return;
    }
    sendPicture();
  }

  function sendPicture() {
    const P = C.picture;
    if (!C.me || !P.latest || P.latest === P.sent) return;
    P.at = Date.now();
    P.sent = P.latest;
    C.queue = C.queue.filter((r) => r.kind !== "picture");
    enqueue({ kind: "picture", state: P.latest });
  }

  async function ask() {
    if (!C.me) return;
    try {
      const { status, data } = await post("/class/status", {
        student: C.me.student, secret: C.me.secret,
      });
      if (status === 200) took(data.class);
      else if (status === 403) forget(data.message);
    } catch (err) {
      // the server is away for a moment: ask again later
    }
  }

  window.setInterval(function () {
    if (!C.me) return;
    const quietFor = Date.now() - C.heardAt;
    const every = C.status && C.status.paused ? POLL_PAUSED_MS : POLL_MS;
    if (quietFor >= every && !C.sending) ask();
    if (C.queue.length) schedule(0);
  }, 500);

  // -- how a page joins and leaves (assets/classroom/join.js draws the controls) -------------

  async function join(code, nickname) {
    const { status, data } = await post("/class/join", { code: code, nickname: nickname });
    if (status !== 200) return data.message || "The class could not be joined: try again.";
    C.me = { student: data.student, secret: data.secret, nickname: data.nickname, class: data.class };
    C.queue = [];
    C.seq = 0;
    C.picture.sent = null;
    save();
    took(data.class);
    sendPicture();
    return null;
  }

  async function leave() {
    const me = C.me;
    if (!me) return;
    try {
      await post("/class/leave", { student: me.student, secret: me.secret });
    } catch (err) {
      // leaving works in the page whether the server heard it or not
    }
    forget("You left the class.");
  }

  // -- what the page reports (clientside callbacks: explorer/classroom/panel.py) --------------

  function class_picture() {
    if (window.tinynetLinks) {
      picture("?" + window.tinynetLinks.stateQuery(Array.prototype.slice.call(arguments)).toString());
    }
    return window.dash_clientside.no_update;
  }

  function class_step(pos) {
    if (C.me && pos && pos.lesson) enqueue({ kind: "step", lesson: pos.lesson, step: pos.step });
    return window.dash_clientside.no_update;
  }

  function class_check(n) {
    const values = Array.prototype.slice.call(arguments, 1);
    const k = window.tinynetLinks ? window.tinynetLinks.CONTROL_FIELDS.length : 0;
    const pos = values[k + 2];
    if (n && C.me && pos && pos.lesson) {
      const state = "?" + window.tinynetLinks.stateQuery(values).toString();
      enqueue({ kind: "check", lesson: pos.lesson, step: pos.step, state: state,
                answer: values[values.length - 1] });
    }
    return window.dash_clientside.no_update;
  }

  /* A run reached its end (training/live.js). */
  function runEnded(epochs, accuracy, loss) {
    enqueue({ kind: "run", epochs: epochs, accuracy: accuracy, loss: loss });
  }

  load();
  window.tinynetClass = {
    state: C, join: join, leave: leave, runEnded: runEnded, flush: flush, ask: ask,
    listen: (f) => C.listeners.push(f),
  };
  window.tinynetPage.register({
    class_picture: class_picture, class_step: class_step, class_check: class_check,
  });
  if (C.me) window.setTimeout(ask, 0);
})();
