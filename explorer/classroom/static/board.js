/* The teacher's board. The key comes from this page's address and goes with every request in
   the X-Teacher-Key header (never a cookie). A class's board asks every POLL_MS what changed
   since it last looked and redraws only those students: a tile each with the nickname (or a
   number, anonymised), the student's picture (picture.js), the step and the checks passed; a
   line per step of how the class stands. Everything a student wrote is set as text. */
(function () {
  "use strict";
  const POLL_MS = 1000;
  const KEY = new URLSearchParams(window.location.search).get("key") || "";
  const $ = (id) => document.getElementById(id);
  const B = { classes: [], lessons: [], style: null, current: null, version: 0, students: new Map(),
              summary: [], points: new Map(), timer: null, comparing: false, picked: new Set() };

  async function api(path, options) {
    const res = await fetch(path, Object.assign({}, options, {
      headers: Object.assign({ "X-Teacher-Key": KEY, "Content-Type": "application/json" },
                             (options || {}).headers),
      credentials: "omit",
    }));
    const data = res.headers.get("Content-Type") || "";
    if (!data.includes("json")) return { status: res.status, data: null, res: res };
    return { status: res.status, data: await res.json(), res: res };
  }

  function say(id, text, problem) {
    const node = $(id);
    node.textContent = text || "";
    node.className = "message" + (problem ? " problem" : "");
  }

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    (children || []).forEach((c) => node.append(c));
    return node;
  }

  // -- the classes ---------------------------------------------------------------------------

  async function loadClasses() {
    const { status, data } = await api("/teacher/api/classes");
    if (status !== 200) return say("classes-message", "The classes could not be read.", true);
    B.classes = data.classes;
    B.lessons = data.lessons;
    B.style = data.style;
    const select = $("new-lesson");
    if (select.options.length === 1) {
      B.lessons.forEach((l) => select.append(el("option", { value: l.name, textContent: l.title })));
    }
    drawList();
  }

  function drawList() {
    const list = $("class-list");
    list.replaceChildren(...B.classes.map(function (c) {
      const label = c.name + " · " + c.code + " · " + c.students + " students" +
        (c.closed ? " · closed" : "");
      const open = el("button", { type: "button", className: "button secondary", textContent: label });
      if (B.current && B.current.id === c.id) open.setAttribute("aria-current", "true");
      open.addEventListener("click", () => show(c.id));
      return el("li", {}, [open]);
    }));
    if (!B.classes.length) list.replaceChildren(el("li", { className: "muted",
      textContent: "No classes yet: create one above." }));
  }

  $("new-class").addEventListener("submit", async function (ev) {
    ev.preventDefault();
    const { status, data } = await api("/teacher/api/classes", {
      method: "POST",
      body: JSON.stringify({ name: $("new-name").value, lesson: $("new-lesson").value || null }),
    });
    if (status !== 200) return say("classes-message", data ? data.message : "Not created.", true);
    say("classes-message", "Created " + data.name + ": students join with " + data.code + ".");
    $("new-name").value = "";
    await loadClasses();
    show(data.id);
  });

  // -- one class's board ---------------------------------------------------------------------

  function lessonOf(name) {
    return B.lessons.find((l) => l.name === name) || null;
  }

  async function show(id) {
    window.clearTimeout(B.timer);
    B.current = B.classes.find((c) => c.id === id) || { id: id };
    B.version = -1;
    B.students = new Map();
    B.picked = new Set();
    $("tiles").replaceChildren();
    $("board").hidden = false;
    await poll();
    await loadClasses();
  }

  async function poll() {
    window.clearTimeout(B.timer);
    const cls = B.current;
    if (!cls) return;
    let answer;
    try {
      const since = B.version >= 0 ? "?since=" + B.version : "";
      answer = await api("/teacher/api/classes/" + cls.id + "/board" + since);
    } catch (err) {
      answer = { status: 0 };
    }
    if (answer.status === 404) {
      B.current = null;
      $("board").hidden = true;
      return loadClasses();
    }
    if (answer.status === 200 && !answer.data.unchanged) took(answer.data);
    if (B.current && B.current.id === cls.id) B.timer = window.setTimeout(poll, POLL_MS);
  }

  function took(data) {
    if (data.full) B.students = new Map();
    B.version = data.version;
    const cls = Object.assign({}, B.current, data.class);
    B.current = cls;
    data.students.forEach((s) => B.students.set(s.id, s));
    B.summary = data.summary;
    drawHead(cls);
    drawSummary(cls);
    data.students.forEach(drawTile);
    if (data.full) orderTiles();
    // The list of classes counts this class's students as the board sees them.
    const present = Array.from(B.students.values()).filter((s) => !s.left).length;
    const listed = B.classes.find((c) => c.id === cls.id);
    if (listed && listed.students !== present) {
      listed.students = present;
      drawList();
    }
  }

  function drawHead(cls) {
    $("board-title").textContent = cls.name;
    const lesson = lessonOf(cls.lesson);
    $("board-lesson").textContent = lesson ? "Lesson: " + lesson.title : "No lesson set";
    $("join-code").textContent = cls.code;
    const known = B.classes.find((c) => c.id === cls.id) || {};
    if (known.join_link) {
      $("join-link").textContent = known.join_link;
      $("join-link").href = known.join_link;
      $("join-qr").src = known.qr;
    }
    $("pause").textContent = cls.paused ? "Resume the class" : "Pause the class";
    $("pause").setAttribute("aria-pressed", cls.paused ? "true" : "false");
    $("close-class").textContent = cls.closed ? "Open to new students" : "Close to new students";
    $("keep").checked = !!cls.keep;
    const pace = $("pace");
    const steps = lesson ? lesson.steps : 0;
    pace.disabled = !lesson;
    if (pace.options.length !== steps + 1) {
      pace.replaceChildren(el("option", { value: "", textContent: "any step" }));
      for (let k = 1; k <= steps; k++) pace.append(el("option", { value: String(k), textContent: "step " + k }));
    }
    pace.value = cls.pace ? String(cls.pace) : "";
  }

  function drawSummary(cls) {
    const box = $("summary");
    const lines = B.summary.map(function (s) {
      const stuck = s.stuck.map(([goal, n]) => n + " stuck on " + goal).join(", ");
      const meter = el("span", { className: "bar-meter" }, [el("span")]);
      meter.firstChild.style.width = (s.students ? (100 * s.passed) / s.students : 0) + "%";
      const where = cls.lesson === s.lesson ? "step " + s.step : s.lesson + " step " + s.step;
      return el("p", {}, [meter, s.passed + " of " + s.students + " passed " + where +
        (stuck ? "; " + stuck : "")]);
    });
    box.replaceChildren(...lines);
  }

  function shownName(s) {
    return $("anonymise").checked ? "Student " + s.number : s.nickname;
  }

  function marksOf(s) {
    const lesson = B.current.lesson;
    return s.marks.filter((m) => !lesson || m.lesson === lesson).map(function (m) {
      const mark = el("span", { className: "mark " + (m.passed ? "ok" : "no"),
        textContent: (m.passed ? "✓" : "✗") + " " + m.step });
      mark.title = (m.passed ? "passed" : "not yet") + " step " + m.step + " of " + m.lesson +
        " (" + m.attempts + " checks)";
      return mark;
    });
  }

  function drawTile(s) {
    let tile = document.querySelector('.tile[data-id="' + s.id + '"]');
    if (!tile) {
      tile = el("li", { className: "tile" });
      tile.dataset.id = String(s.id);
      $("tiles").append(tile);
    }
    tile.classList.toggle("left", s.left);
    const canvas = el("canvas", { width: 160, height: 160 });
    const open = el("button", { type: "button", className: "open" }, [canvas]);
    open.setAttribute("aria-label", "Open the picture of " + shownName(s));
    open.addEventListener("click", () => detail([s.id]));
    const where = s.lesson ? "step " + s.step + (B.current.lesson === s.lesson ? "" : " of " + s.lesson) : "";
    const parts = [
      open,
      el("span", { className: "name", textContent: shownName(s) + (s.left ? " (left)" : "") }),
      el("span", { className: "where", textContent: where }),
      el("span", { className: "marks" }, marksOf(s)),
    ];
    if (s.accuracy !== null && s.accuracy !== undefined) {
      parts.push(el("span", { className: "acc",
        textContent: "last run " + (100 * s.accuracy).toFixed(1) + "%" }));
    }
    if (B.comparing) {
      const box = el("input", { type: "checkbox", checked: B.picked.has(s.id) });
      box.addEventListener("change", function () {
        if (box.checked) B.picked.add(s.id);
        else B.picked.delete(s.id);
      });
      parts.push(el("label", { className: "pick" }, [box, " compare"]));
    }
    tile.replaceChildren(...parts);
    paintInto(canvas, s.picture, 40);
  }

  function orderTiles() {
    const tiles = Array.from(document.querySelectorAll(".tile"));
    tiles.sort((a, b) => B.students.get(Number(a.dataset.id)).number -
                         B.students.get(Number(b.dataset.id)).number);
    $("tiles").replaceChildren(...tiles);
  }

  function redrawAll() {
    B.students.forEach(drawTile);
    orderTiles();
  }

  /* The data a picture's recipe makes, asked of the server once per recipe. */
  async function pointsFor(picture) {
    if (!B.points.has(picture.recipe)) {
      B.points.set(picture.recipe, api("/teacher/api/points?state=" +
        encodeURIComponent(picture.query)).then((a) => (a.status === 200 ? a.data : null)));
    }
    return B.points.get(picture.recipe);
  }

  async function paintInto(canvas, query, cells) {
    if (!B.style) return;
    if (!query) {
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#eee";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      return;
    }
    const picture = window.tinynetPicture.read(query);
    window.tinynetPicture.paint(canvas, picture, null, B.style, cells);
    const points = await pointsFor(picture);
    if (points) window.tinynetPicture.paint(canvas, picture, points, B.style, cells);
  }

  // -- a student's picture, or two to four side by side (read-only) --------------------------

  /* The weights as a table: a row per unit, its inputs' weights and its bias. */
  function weightRows(picture) {
    const h = picture.hidden;
    if (h.length === 1 && h[0] === 2) {
      return [["", "x1", "x2", "bias"]].concat([["h1", "w11", "w12", "b11"],
        ["h2", "w21", "w22", "b12"], ["out", "w13", "w23", "b13"]]
        .map((row) => [row[0]].concat(row.slice(1).map((n) => picture.p[n]))));
    }
    const rows = [["", "weights (from each input)", "", "", "bias"]];
    window.tinynetMLP.layers(picture.p, h).forEach(function (layer, l) {
      layer.W.forEach(function (w, u) {
        const unit = l === h.length ? "out" : "h" + (l + 1) + "_" + (u + 1);
        const cells = w.concat([]);
        while (cells.length < 3) cells.push("");
        rows.push([unit].concat(cells, [layer.b[u]]));
      });
    });
    return rows;
  }

  function detail(ids) {
    const figures = ids.map(function (id) {
      const s = B.students.get(id);
      const canvas = el("canvas", { width: 520, height: 520 });
      paintInto(canvas, s.picture, 90);
      if (!s.picture) {
        return el("figure", {}, [canvas, el("figcaption", {
          textContent: shownName(s) + " · no picture yet (it comes when their page sends one)" })]);
      }
      const picture = window.tinynetPicture.read(s.picture);
      const table = el("table", {}, weightRows(picture).map((row, k) =>
        el("tr", {}, row.map((t) => el(k === 0 || typeof t === "string" ? "th" : "td",
          { textContent: typeof t === "string" ? t : t.toFixed(3) })))));
      const caption = shownName(s) + " · " + (s.lesson ? "step " + s.step : "no lesson") +
        " · " + [2].concat(picture.hidden, [1]).join("-") + " · " + picture.act.name;
      return el("figure", {}, [canvas, el("figcaption", { textContent: caption }), table]);
    });
    $("detail-title").textContent = ids.length > 1 ? "Side by side" :
      shownName(B.students.get(ids[0]));
    $("detail-body").replaceChildren(...figures);
    $("detail").hidden = false;
    $("detail-close").focus();
  }

  function closeDetail() {
    $("detail").hidden = true;
  }
  $("detail-close").addEventListener("click", closeDetail);
  $("detail").addEventListener("keydown", (ev) => ev.key === "Escape" && closeDetail());

  // -- the class's controls ------------------------------------------------------------------

  async function act(body) {
    const { status, data } = await api("/teacher/api/classes/" + B.current.id, {
      method: "POST", body: JSON.stringify(body),
    });
    if (status !== 200) return say("board-message", data ? data.message : "Not done.", true);
    say("board-message", "");
    await poll();
    await loadClasses();
  }

  $("pause").addEventListener("click", () => act({ action: B.current.paused ? "resume" : "pause" }));
  $("pace").addEventListener("change", function () {
    const v = $("pace").value;
    act({ action: "pace", step: v ? Number(v) : null });
  });
  $("close-class").addEventListener("click", () => act({ action: B.current.closed ? "reopen" : "close" }));
  $("keep").addEventListener("change", (ev) => act({ action: ev.target.checked ? "keep" : "unkeep" }));
  $("anonymise").addEventListener("change", redrawAll);
  $("compare").addEventListener("click", function () {
    B.comparing = !B.comparing;
    B.picked = new Set();
    $("compare").setAttribute("aria-pressed", B.comparing ? "true" : "false");
    $("compare-note").hidden = !B.comparing;
    redrawAll();
  });
  $("compare-show").addEventListener("click", function () {
    const ids = Array.from(B.picked);
    if (ids.length < 2 || ids.length > 4) {
      return say("board-message", "Pick two to four students to compare.", true);
    }
    detail(ids);
  });
  $("results").addEventListener("click", async function () {
    const { status, res } = await api("/teacher/api/classes/" + B.current.id + "/results.csv");
    if (status !== 200) return say("board-message", "The results could not be made.", true);
    const url = URL.createObjectURL(await res.blob());
    const link = el("a", { href: url, download: "class-" + B.current.code + "-results.csv" });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  $("delete-class").addEventListener("click", async function () {
    if (!window.confirm("Delete " + B.current.name + " and all its students' data? This cannot be undone.")) return;
    const { status } = await api("/teacher/api/classes/" + B.current.id, { method: "DELETE" });
    if (status !== 200) return say("board-message", "The class could not be deleted.", true);
    window.clearTimeout(B.timer);
    B.current = null;
    $("board").hidden = true;
    say("classes-message", "The class and its students' data are deleted.");
    await loadClasses();
  });

  window.tinynetBoard = B;
  loadClasses();
})();
