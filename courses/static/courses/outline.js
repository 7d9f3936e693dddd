/* The course outline editor: drag and drop of modules among modules, and of activities within
   and across modules. A row is dragged by its handle with any pointer (mouse, finger, pen);
   on release the whole order is posted to the server, which refuses any order that does not
   name exactly the course's modules and activities. Without JavaScript the rows' arrow buttons
   do the same, one step at a time. */
(() => {
  const root = document.querySelector("[data-outline]");
  if (!root) return;
  const status = root.querySelector("[data-outline-status]");
  const modules = root.querySelector("[data-outline-modules]");
  let dragged = null;
  let before = "";

  const order = () =>
    [...modules.querySelectorAll(":scope > [data-module-id]")].map((module) => ({
      id: Number(module.dataset.moduleId),
      activities: [...module.querySelectorAll("[data-activity-id]")].map((a) => Number(a.dataset.activityId)),
    }));

  // The first row of `list` whose middle lies below the pointer: the dragged row goes before it.
  const rowAfter = (list, selector, y) =>
    [...list.querySelectorAll(selector)].find((row) => {
      if (row === dragged) return false;
      const box = row.getBoundingClientRect();
      return y < box.top + box.height / 2;
    }) || null;

  const say = (text, failed) => {
    status.textContent = text;
    status.classList.toggle("outline__status--error", Boolean(failed));
  };

  const save = () => {
    const now = order();
    if (JSON.stringify(now) === before) return;
    say(root.dataset.saving);
    fetch(root.dataset.reorderUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify({ modules: now }),
      credentials: "same-origin",
    })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => say(ok ? body.message : body.error, !ok))
      .catch(() => say(root.dataset.offline, true));
  };

  root.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest("[data-outline-handle]");
    if (!handle || event.button > 0) return;
    event.preventDefault();
    dragged = handle.parentElement.closest("[data-module-id], [data-activity-id]");
    before = JSON.stringify(order());
    handle.setPointerCapture(event.pointerId);
    dragged.classList.add("outline--dragging");
  });

  root.addEventListener("pointermove", (event) => {
    if (!dragged) return;
    let list = modules;
    let selector = ":scope > [data-module-id]";
    if (dragged.dataset.activityId) {
      const under = document.elementFromPoint(event.clientX, event.clientY);
      const module = under && under.closest("[data-module-id]");
      if (!module) return;
      list = module.querySelector("[data-module-activities]");
      selector = ":scope > [data-activity-id]";
    }
    const after = rowAfter(list, selector, event.clientY);
    if (after) list.insertBefore(dragged, after);
    else list.appendChild(dragged);
  });

  const drop = () => {
    if (!dragged) return;
    dragged.classList.remove("outline--dragging");
    dragged = null;
    save();
  };
  root.addEventListener("pointerup", drop);
  root.addEventListener("pointercancel", drop);
})();
