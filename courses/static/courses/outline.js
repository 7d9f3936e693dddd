/* The course outline editor: drag and drop of modules among modules, and of activities within
   and across modules. Dragging starts only from a row's handle (so that text in the forms can
   still be selected); on release the whole order is posted to the server, which refuses any
   order that does not name exactly the course's modules and activities. Without JavaScript the
   rows' arrow buttons do the same, one step at a time. */
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

  root.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest("[data-outline-handle]");
    if (handle) handle.parentElement.closest("[data-module-id], [data-activity-id]").draggable = true;
  });

  root.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("[data-module-id], [data-activity-id]");
    if (!dragged || !dragged.draggable) return;
    event.stopPropagation();
    before = JSON.stringify(order());
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
    dragged.classList.add("outline--dragging");
  });

  root.addEventListener("dragover", (event) => {
    if (!dragged) return;
    let list;
    let selector;
    if (dragged.dataset.activityId) {
      const module = event.target.closest("[data-module-id]");
      list = module && module.querySelector("[data-module-activities]");
      selector = ":scope > [data-activity-id]";
    } else {
      list = modules;
      selector = ":scope > [data-module-id]";
    }
    if (!list) return;
    event.preventDefault();
    const after = rowAfter(list, selector, event.clientY);
    if (after) list.insertBefore(dragged, after);
    else list.appendChild(dragged);
  });

  root.addEventListener("drop", (event) => event.preventDefault());

  root.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("outline--dragging");
    dragged.draggable = false;
    dragged = null;
    const now = order();
    if (JSON.stringify(now) === before) return;
    say(root.dataset.saving || "…");
    fetch(root.dataset.reorderUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify({ modules: now }),
      credentials: "same-origin",
    })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => say(ok ? body.message : body.error, !ok))
      .catch(() => say(root.dataset.offline, true));
  });
})();
