/* A run's records and the states to go on from (its checkpoints), as plain data: a chunk joined
   to the run, the run wound back to an epoch on screen for a step, and what a step asks for next.
   live.js does the asking and the showing; nothing here touches the page.

   A run keeps the state to go on from at every chunk's end (the start included). A step from an
   epoch shown earlier than the last one fetched drops what was fetched ahead of it and trains
   again from the checkpoint before it (the same numbers, bit for bit: each epoch's shuffle comes
   from the seed and the epoch alone), then steps. */
(function () {
  "use strict";

  /* Where a run's state stands, in epochs (as the server writes a record's `at`). */
  function position(state, batches) {
    return state.epoch + state.batch / batches;
  }

  /* A chunk's records and state joined to the run: records past the last one kept (a run
     trained again from a checkpoint sends the ones it already has), the state as a checkpoint. */
  function join(run, answer) {
    const lastAt = run.records.length ? run.records[run.records.length - 1].at : -Infinity;
    run.records = run.records.concat((answer.records[0] || []).filter((r) => r.at > lastAt));
    run.batches = answer.batches;
    if (answer.start_runs) run.checkpoints.push({ at: 0, runs: answer.start_runs });
    run.runs = answer.runs;
    run.checkpoints.push({ at: position(answer.runs[0], run.batches), runs: answer.runs });
    run.stopped = answer.runs[0].stopped || "";
    const last = run.records[run.records.length - 1];
    if (last && last.at > run.epochs) run.epochs = Math.ceil(last.at);
  }

  /* Whether the run has reached its planned end (or stopped). */
  function ended(run) {
    return Boolean(run.stopped) || (run.planned > 0 && position(run.runs[0], run.batches) >= run.planned);
  }

  /* The run wound back to record k for one more `goal` (epoch or batch) from there: what was
     fetched ahead is dropped. The step's task and what to ask the server for, or null when no
     state to go on from is kept (then a new run is the way). */
  function rewind(run, k, goal) {
    const s = run.records[k].at;
    // A state at the epoch shown or before it (or, for an epoch, inside the epoch under way:
    // the step ends that epoch).
    const usable = run.checkpoints.filter((c) => c.at <= s || (goal === "epoch" && c.at < Math.floor(s) + 1));
    if (!usable.length) return null;
    const from = usable[usable.length - 1];
    if (from.at < s && !Number.isInteger(s)) return null; // a batch record always has its state
    run.records = run.records.slice(0, k + 1);
    run.checkpoints = run.checkpoints.filter((c) => c.at <= s);
    run.seen = k;
    run.done = false;
    run.watched = false;
    run.stopped = "";
    run.runs = from.runs;
    if (from.at >= s) {
      return { task: { kind: "step", goal: goal, from: s }, ask: { goal: goal, runs: from.runs } };
    }
    return {
      task: { kind: "catchup", goal: goal, to: s },
      ask: { goal: "epoch", until: s, runs: from.runs },
    };
  }

  /* A chunk came back for a step's task: the next task and request, or null when the step is
     made (a catch-up trains again up to the epoch shown, then steps; an epoch's step goes on to
     the epoch's end). */
  function next(run, task) {
    const at = position(run.runs[0], run.batches);
    if (task.kind === "catchup" && !run.stopped) {
      if (at >= task.to) {
        return {
          task: { kind: "step", goal: task.goal, from: task.to },
          ask: { goal: task.goal, runs: run.runs },
        };
      }
      return { task: task, ask: { goal: "epoch", until: task.to, runs: run.runs } };
    }
    if (!run.stopped && task.goal === "epoch" && at < Math.floor(task.from) + 1) {
      return { task: task, ask: { goal: "epoch", runs: run.runs } };
    }
    return null;
  }

  window.tinynetCheckpoints = { position: position, join: join, ended: ended, rewind: rewind, next: next };
})();
