/* Callback requests are pure (the server keeps no state), so one that breaks on the way is
   sent again: behind a load balancer a worker can die after it started answering, when the
   balancer can no longer retry for us. The whole body is read here, so a cut-off answer counts
   as broken too, and the renderer gets a complete one. A gateway's 502 or 504, and a busy
   server's 503, mean the request was not done: it is sent again too, after the pause the
   server asks for (Retry-After) or a short one. */
(function () {
  "use strict";
  const send = window.fetch.bind(window);
  const TRIES = 3;
  const PAUSE_MS = 150;
  const RETRY_STATUS = [502, 503, 504];
  // Server callbacks whose answer goes to a store, and the message line of their panel; a
  // lesson's Check says it where its verdict goes.
  const SAID_BY = {
    "restarts-answer": "restarts-message",
    "chunk-answer": "train-message",
    "lesson-result": "lesson-result",
  };

  function isCallback(input, init) {
    const url = typeof input === "string" ? input : input && input.url;
    return /_dash-update-component/.test(url || "") && init && init.method === "POST";
  }

  async function fetchWhole(input, init) {
    let last;
    for (let attempt = 0; attempt < TRIES; attempt++) {
      try {
        const answer = await send(input, init);
        const body = await answer.arrayBuffer();
        if (RETRY_STATUS.includes(answer.status) && attempt < TRIES - 1) {
          const asked = Number(answer.headers.get("Retry-After"));
          const pause = Number.isFinite(asked) && asked > 0 ? Math.min(asked, 5) * 1000 : PAUSE_MS;
          await new Promise((done) => setTimeout(done, pause));
          continue;
        }
        return new Response(body, {
          status: answer.status,
          statusText: answer.statusText,
          headers: answer.headers,
        });
      } catch (error) {
        last = error;
        await new Promise((done) => setTimeout(done, PAUSE_MS));
      }
    }
    throw last;
  }

  /* A request finally refused (or never answered) leaves its outputs as they were, so Dash
     says nothing: the panel's own message line (the first *-message output of the callback)
     says what happened and what to do. */
  function speak(init, status) {
    let outputs = "";
    try {
      outputs = JSON.parse(init.body).output || "";
    } catch (error) {
      return;
    }
    const found = /([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*-message)\.children/.exec(outputs);
    const via = Object.keys(SAID_BY).find((id) => outputs.includes(id + "."));
    const line = found ? found[1] : via && SAID_BY[via];
    if (!line || !window.dash_clientside || !window.dash_clientside.set_props) return;
    let text;
    if (status === 503) {
      text = "The server is busy with other students' training and could not do this now: " +
        "try again in a moment.";
    } else if (status === 0) {
      text = "The server did not answer (the connection dropped): try again.";
    } else if (status === 413) {
      text = "That was more than the server takes in one request: try with less.";
    } else if (status >= 500) {
      text = "Something went wrong on the server: try again, or reload the page.";
    } else {
      text = "The server could not read this request: reload the page.";
    }
    window.dash_clientside.set_props(line, { children: text });
  }

  // How many callback requests are on their way (tests and benchmarks wait for 0).
  const activity = (window.tinynetActivity = { pending: 0, sent: 0 });

  window.fetch = function (input, init) {
    if (!isCallback(input, init)) return send(input, init);
    activity.pending += 1;
    activity.sent += 1;
    return fetchWhole(input, init)
      .then(function (answer) {
        if (answer.status >= 400) speak(init, answer.status);
        return answer;
      }, function (error) {
        speak(init, 0);
        throw error;
      })
      .finally(() => (activity.pending -= 1));
  };
})();
