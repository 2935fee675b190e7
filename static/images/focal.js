// The photo form's focal point (images/admin.py, ImageAdmin.preview): a click on the photo,
// or the arrow keys, set the form's hidden focal_x and focal_y (0 to 1 from the photo's left
// and top edges, never mirrored) and move the marker; "Use the centre" clears them. The
// server checks the values. The marker is placed by classes (static/css/focal.css): the
// Content-Security-Policy refuses style attributes.
;(() => {
  const STEP = 0.01
  const BIG_STEP = 0.1
  const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }

  const clamp = (value) => Math.min(1, Math.max(0, value))
  // Thousandths: finer than any crop needs, short in the form.
  const rounded = (value) => Math.round(clamp(value) * 1000) / 1000
  const percent = (value) => Math.round(value * 100)

  function setUp(picker) {
    const form = picker.closest("form")
    const inputs = form && [form.elements.focal_x, form.elements.focal_y]
    if (!inputs || !inputs[0] || !inputs[1]) return
    const photo = picker.querySelector("img")
    const marker = picker.querySelector(".focal-marker")
    const container = picker.parentElement
    const status = container.querySelector(".focal-status")
    const reset = container.querySelector(".focal-reset")

    const current = () => {
      const [x, y] = inputs.map((input) => Number.parseFloat(input.value))
      return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null
    }

    const show = () => {
      const point = current()
      marker.classList.remove(...[...marker.classList].filter((name) => /^f[xy]-\d+$/.test(name)))
      if (point) {
        marker.classList.add(`fx-${percent(point[0])}`, `fy-${percent(point[1])}`)
        status.textContent = picker.dataset.status
          .replace("{x}", percent(point[0]))
          .replace("{y}", percent(point[1]))
      } else {
        status.textContent = picker.dataset.statusUnset
      }
      marker.hidden = !point
      reset.disabled = !point
    }

    const choose = (x, y) => {
      inputs[0].value = String(rounded(x))
      inputs[1].value = String(rounded(y))
      show()
    }

    picker.addEventListener("click", (event) => {
      const box = photo.getBoundingClientRect()
      if (!box.width || !box.height) return
      choose((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height)
    })

    picker.addEventListener("keydown", (event) => {
      const move = MOVES[event.key]
      if (!move) return
      event.preventDefault()
      const [x, y] = current() || [0.5, 0.5]
      const step = event.shiftKey ? BIG_STEP : STEP
      choose(x + move[0] * step, y + move[1] * step)
    })

    reset.addEventListener("click", () => {
      for (const input of inputs) input.value = ""
      show()
      picker.focus()
    })

    show()
  }

  const start = () => document.querySelectorAll(".focal-picker").forEach(setUp)
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start)
  } else {
    start()
  }
})()
