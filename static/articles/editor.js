// Our extension for django-prose-editor's story body editor (configured in articles/editor.py):
// - dir/lang on the editing surface from the FIELD's language, not the admin's;
// - a toolbar button that inserts a photo from the media library as a captioned <figure>;
// - Arabic toolbar tooltips through Django's JavaScript catalog (locale/ar/.../djangojs.po).
import { Extension, Plugin, crel, gettext } from "django-prose-editor/editor"

export const NewsroomBody = Extension.create({
  name: "newsroomBody",
  // Last of all, so that addMenuItems sees every toolbar item the other extensions defined.
  priority: 1,

  addOptions() {
    return { direction: "rtl", language: "ar", imagesUrl: "" }
  },

  // tiptap would add its base rules as an inline <style>, which the Content-Security-Policy
  // refuses (style-src 'self'): they are in articles/editor.css instead.
  onBeforeCreate() {
    this.editor.options.injectCSS = false
  },

  // <figure data-image-id="…"> remembers which library image it shows.
  addGlobalAttributes() {
    return [
      {
        types: ["figure"],
        attributes: {
          imageId: {
            default: null,
            parseHTML: (element) => element.getAttribute("data-image-id"),
            renderHTML: ({ imageId }) => (imageId ? { "data-image-id": imageId } : {}),
          },
        },
      },
    ]
  },

  // Only the editing surface gets dir/lang; the stored HTML stays free of them, the page
  // that shows the story sets the direction of its edition.
  addProseMirrorPlugins() {
    const { direction, language } = this.options
    return [new Plugin({ props: { attributes: { dir: direction, lang: language } } })]
  },

  addMenuItems({ menu, buttons, _definedItems }) {
    const options = this.options
    // Replaces prose-editor's "figure" item, which asks for an image URL: body images come
    // from our library (text.py drops any other image source).
    menu.defineItem({
      name: "figure",
      groups: "nodes",
      button: buttons.material("add_photo_alternate", "Insert an image from the library"),
      command: (editor) => pickLibraryImage(editor, options),
      enabled: (editor) => !editor.isActive("figure"),
    })
    for (const item of Object.values(_definedItems)) {
      translateMenuItem(item)
    }
  },
})

// prose-editor's toolbar titles are English literals ("bold", "heading 2"…), not gettext calls.
function translateMenuItem({ button, option }) {
  if (button?.title) {
    button.title = gettext(button.title)
    button.setAttribute("aria-label", button.title)
  }
  if (option?.childElementCount === 0 && option.textContent) {
    option.textContent = gettext(option.textContent)
  }
}

function pickLibraryImage(editor, { imagesUrl, language }) {
  const search = crel("input", {
    type: "search",
    placeholder: gettext("Search by description, caption or credit"),
    autocomplete: "off",
  })
  search.setAttribute("aria-label", gettext("Search the photo library"))
  const status = crel("p", { className: "newsroom-picker__status", role: "status" })
  const results = crel("ul", { className: "newsroom-picker__results" })
  const cancel = crel("button", { type: "button", textContent: gettext("Cancel") })
  const dialog = crel("dialog", { className: "prose-editor-dialog newsroom-picker" }, [
    crel("h3", {
      className: "prose-editor-dialog-title",
      textContent: gettext("Insert an image from the library"),
    }),
    search,
    status,
    results,
    crel("div", { className: "prose-editor-dialog-buttons" }, [cancel]),
  ])

  const choose = (image) => {
    dialog.close()
    insertFigure(editor, image)
  }
  const resultItem = (image) => {
    const button = crel("button", { type: "button", className: "newsroom-picker__image" }, [
      crel("img", { src: image.src, alt: "", loading: "lazy" }),
      crel("span", { textContent: image.alt, dir: "auto" }),
    ])
    button.dataset.imageId = image.id
    button.addEventListener("click", () => choose(image))
    return crel("li", {}, [button])
  }

  let controller = null
  const load = async () => {
    controller?.abort()
    controller = new AbortController()
    const url = new URL(imagesUrl, window.location.href)
    url.search = new URLSearchParams({ q: search.value, lang: language })
    status.textContent = gettext("Searching…")
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const images = (await response.json()).results
      results.replaceChildren(...images.map(resultItem))
      status.textContent = images.length ? "" : gettext("No images found.")
    } catch (error) {
      if (error.name !== "AbortError") {
        status.textContent = gettext("The photo library could not be searched.")
      }
    }
  }

  let timer = null
  search.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(load, 250)
  })
  search.addEventListener("keydown", (event) => {
    // The dialog sits inside the article form: Enter must not save the article.
    if (event.key === "Enter") event.preventDefault()
  })
  cancel.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => dialog.remove())

  // Inside .prose-editor, like prose-editor's own dialogs, to share its colours.
  editor.view.dom.parentElement.append(dialog)
  dialog.showModal()
  load()
}

function insertFigure(editor, image) {
  const caption = [image.caption, image.credit].filter(Boolean).join(" — ")
  const content = [
    {
      type: "image",
      attrs: { src: image.src, alt: image.alt, width: image.width, height: image.height },
    },
  ]
  if (caption) {
    content.push({ type: "caption", content: [{ type: "text", text: caption }] })
  }
  editor
    .chain()
    .focus()
    .insertContent({ type: "figure", attrs: { imageId: String(image.id) }, content })
    .run()
}

// prose-editor's own strings: its toolbar titles (English literals, which translateMenuItem
// looks up) and the gettext() calls of its link dialog and caption button, listed so that
// `makemessages -d djangojs` finds them and keeps their Arabic in djangojs.po.
const gettext_noop = (msgid) => msgid
const PROSE_EDITOR_MSGIDS = [
  gettext_noop("heading 2"),
  gettext_noop("heading 3"),
  gettext_noop("heading 4"),
  gettext_noop("Heading 2"),
  gettext_noop("Heading 3"),
  gettext_noop("Heading 4"),
  gettext_noop("paragraph"),
  gettext_noop("Paragraph"),
  gettext_noop("bold"),
  gettext_noop("italic"),
  gettext_noop("unordered list"),
  gettext_noop("ordered list"),
  gettext_noop("blockquote"),
  gettext_noop("horizontal rule"),
  gettext_noop("insert link"),
  gettext_noop("remove link"),
  gettext_noop("undo"),
  gettext_noop("redo"),
  gettext_noop("URL"),
  gettext_noop("Title"),
  gettext_noop("Edit Link"),
  gettext_noop("Update"),
  gettext_noop("Add caption"),
  gettext_noop("Remove caption"),
]
