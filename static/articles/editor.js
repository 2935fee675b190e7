// Our extension for django-prose-editor's story body editor (configured in articles/editor.py):
// - dir/lang on the editing surface from the FIELD's language, not the admin's;
// - a toolbar button that inserts a photo from the media library as a captioned <figure>;
// - an editor that follows the writer: an edited body always ends with a paragraph, and
//   Enter, the arrow keys, Esc, Ctrl+Enter and a click below the last block all lead out of a
//   photo's caption into a paragraph;
// - paste from a word processor or a web page keeps paragraphs, subheads, lists, links, bold
//   and italic and drops the rest (core/text.py's sanitiser stays the final guard);
// - Arabic toolbar tooltips through Django's JavaScript catalog (locale/ar/.../djangojs.po).
import {
  Extension,
  Placeholder,
  Plugin,
  crel,
  gettext,
  pm,
} from "django-prose-editor/editor"

const { Selection, TextSelection } = pm.state

export const NewsroomBody = Extension.create({
  name: "newsroomBody",
  // Last of all, so that addMenuItems sees every toolbar item the other extensions defined.
  priority: 1,

  addOptions() {
    return { direction: "rtl", language: "ar", imagesUrl: "", mediaUrl: "/media/" }
  },

  addExtensions() {
    return [
      // An empty caption says what it is for while the cursor is in it.
      Placeholder.configure({
        includeChildren: true,
        placeholder: ({ node }) =>
          node.type.name === "caption" ? gettext("Write the photo's caption") : "",
        emptyNodeClass: ({ node }) => (node.type.name === "caption" ? "is-empty" : ""),
      }),
      LeaveCaption.configure({ direction: this.options.direction }),
    ]
  },

  onUpdate() {
    // The trailing paragraph is for writing, not content: the textarea (what is saved)
    // leaves it out. prose-editor fills the textarea after this handler, hence the microtask.
    const textarea = this.editor.view.dom.parentElement?.querySelector(":scope > textarea")
    if (!textarea) return
    queueMicrotask(() => {
      textarea.value = withoutTrailingEmptyParagraphs(textarea.value)
    })
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

  addProseMirrorPlugins() {
    const { direction, language, mediaUrl } = this.options
    return [
      // Only the editing surface gets dir/lang; the stored HTML stays free of them, the page
      // that shows the story sets the direction of its edition.
      new Plugin({ props: { attributes: { dir: direction, lang: language } } }),
      new Plugin({
        props: {
          transformPastedHTML: (html) => cleanPastedHTML(html, { mediaUrl }),
          handleDOMEvents: { mousedown: clickBelowLastBlock },
        },
      }),
      trailingParagraph(),
      dropEmptyCaptions(),
    ]
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
    // Always a caption: empty when the library has none, for the writer to type it.
    { type: "caption", content: caption ? [{ type: "text", text: caption }] : [] },
  ]
  editor
    .chain()
    .focus()
    .insertContent({ type: "figure", attrs: { imageId: String(image.id) }, content })
    .command(({ tr }) => {
      // insertContent leaves the cursor at the end of the caption. An empty caption keeps
      // it there to be written; a caption from the library is done, and the writer goes
      // on writing in a new paragraph after the photo.
      if (caption) {
        const figure = figureAround(tr.selection.$head)
        if (figure) paragraphAfter(tr, figure.after, { reuseEmpty: true })
      }
      return true
    })
    .run()
}

// Leaving a caption ---------------------------------------------------------------------

/** The figure that holds `$pos` (in its caption or as its image), or null. */
function figureAround($pos) {
  for (let depth = $pos.depth; depth > 0; depth--) {
    if ($pos.node(depth).type.name === "figure") {
      return { node: $pos.node(depth), after: $pos.after(depth) }
    }
  }
  return null
}

/** Put the cursor in a paragraph at `pos` (after a block): the empty one there, or a new one. */
function paragraphAfter(tr, pos, { reuseEmpty }) {
  const next = tr.doc.resolve(pos).nodeAfter
  if (!(reuseEmpty && next?.type.name === "paragraph" && next.content.size === 0)) {
    tr.insert(pos, tr.doc.type.schema.nodes.paragraph.create())
  }
  return tr.setSelection(TextSelection.create(tr.doc, pos + 1)).scrollIntoView()
}

/** Move the cursor just past a figure: into the text block that follows it, onto ProseMirror's
 *  gap cursor when another photo, rule or list follows, or into a new paragraph at the end. */
function moveAfter(tr, pos) {
  const next = tr.doc.resolve(pos).nodeAfter
  if (next?.isTextblock) {
    return tr.setSelection(TextSelection.create(tr.doc, pos + 1)).scrollIntoView()
  }
  if (next) {
    // prose-editor's Gapcursor extension registers ProseMirror's GapCursor under this name.
    const gap = Selection.fromJSON(tr.doc, { type: "gapcursor", pos })
    if (gap.constructor.valid?.(tr.doc.resolve(pos))) {
      return tr.setSelection(gap).scrollIntoView()
    }
  }
  return paragraphAfter(tr, pos, { reuseEmpty: true })
}

/** Keys that take the writer out of a photo's caption (or off a selected photo). */
export const LeaveCaption = Extension.create({
  name: "newsroomLeaveCaption",
  // Before HardBreak (Ctrl+Enter, a line break) and the core Enter and arrow handling.
  priority: 1100,

  addOptions() {
    return { direction: "rtl" }
  },

  addKeyboardShortcuts() {
    const atCaptionEnd = (state) => {
      const { selection } = state
      const { $head } = selection
      return (
        selection.empty &&
        $head.parent.type.name === "caption" &&
        $head.parentOffset === $head.parent.content.size
      )
    }
    const inFigure = (state) => {
      const { selection } = state
      if (selection.$head.parent.type.name === "caption") return true
      return selection.node?.type.name === "image" && selection.$from.parent.type.name === "figure"
    }
    // A new paragraph after the photo, as Enter at the end of a paragraph makes one.
    const newParagraph = ({ editor }) => {
      const { state, view } = editor
      if (!inFigure(state)) return false
      const figure = figureAround(state.selection.$head)
      view.dispatch(paragraphAfter(state.tr, figure.after, { reuseEmpty: true }))
      return true
    }
    // On to what follows the photo, as the arrow keys leave the end of a paragraph.
    const leave = (when) => ({ editor }) => {
      const { state, view } = editor
      if (!inFigure(state) || !when(editor)) return false
      const figure = figureAround(state.selection.$head)
      view.dispatch(moveAfter(state.tr, figure.after))
      return true
    }
    // Forward is left in a right-to-left body, right in a left-to-right one.
    const forward = this.options.direction === "rtl" ? "ArrowLeft" : "ArrowRight"
    return {
      Enter: newParagraph,
      "Mod-Enter": newParagraph,
      "Ctrl-Enter": newParagraph,
      Escape: leave(() => true),
      ArrowDown: leave(
        ({ state, view }) => state.selection.empty && view.endOfTextblock("down"),
      ),
      [forward]: leave(({ state }) => atCaptionEnd(state)),
    }
  },
})

/** The body always ends with a paragraph once it is edited: there is a line to write on after
 *  a photo, a rule, a quote or a list at the end. Like tiptap's TrailingNode, except that
 *  TrailingNode also acts on prose-editor's empty start-up transaction, which would change
 *  (and mark as edited) a story that nobody touched. */
function trailingParagraph() {
  return new Plugin({
    appendTransaction(transactions, _oldState, state) {
      if (!transactions.some((tr) => tr.docChanged)) return null
      if (state.doc.lastChild?.type.name === "paragraph") return null
      return state.tr.insert(state.doc.content.size, state.schema.nodes.paragraph.create())
    },
  })
}

/** A caption left empty is removed once the cursor leaves it: no empty <figcaption> saved. */
function dropEmptyCaptions() {
  return new Plugin({
    appendTransaction(transactions, _oldState, state) {
      if (!transactions.some((tr) => tr.docChanged || tr.selectionSet)) return null
      const { from, to } = state.selection
      const empty = []
      state.doc.descendants((node, pos) => {
        if (node.type.name === "caption") {
          const holdsCursor = from > pos && to < pos + node.nodeSize
          if (node.content.size === 0 && !holdsCursor) empty.push([pos, pos + node.nodeSize])
          return false
        }
        return !node.isTextblock
      })
      if (!empty.length) return null
      const tr = state.tr
      for (const [start, end] of empty.reverse()) tr.delete(start, end)
      return tr
    },
  })
}

/** A click below the last block when it is no paragraph (a photo at the end of a story that
 *  was saved that way): a paragraph there, with the cursor in it. */
function clickBelowLastBlock(view, event) {
  if (event.button !== 0 || !view.editable) return false
  const { doc } = view.state
  const last = doc.lastChild
  if (!last || last.isTextblock) return false
  const dom = view.nodeDOM(doc.content.size - last.nodeSize)
  if (!dom?.getBoundingClientRect || event.clientY <= dom.getBoundingClientRect().bottom) {
    return false
  }
  event.preventDefault()
  view.dispatch(paragraphAfter(view.state.tr, doc.content.size, { reuseEmpty: false }))
  view.focus()
  return true
}

function withoutTrailingEmptyParagraphs(html) {
  return html.replace(/(?:<p>(?:<br[^>]*>)?<\/p>)+$/, "")
}

// Paste -----------------------------------------------------------------------------------

// What a pasted story keeps, by tag (after h1 → h2 and h5/h6 → h4: the body's subheads are
// h2 to h4). Everything else is unwrapped (its text kept) or dropped with its content.
const KEPT_BLOCKS = {
  p: "p",
  h1: "h2",
  h2: "h2",
  h3: "h3",
  h4: "h4",
  h5: "h4",
  h6: "h4",
  blockquote: "blockquote",
  ul: "ul",
  ol: "ol",
  li: "li",
  pre: "p",
  address: "p",
  caption: "p",
  figcaption: "p",
  dt: "p",
  dd: "p",
}
const KEPT_INLINE = { strong: "strong", b: "strong", em: "em", i: "em" }
const DROPPED = new Set([
  "script", "style", "meta", "link", "title", "head", "template", "noscript", "iframe",
  "object", "embed", "svg", "math", "canvas", "video", "audio", "source", "track", "map",
  "button", "input", "select", "textarea", "xml",
])
const OUTPUT_BLOCKS = new Set(["p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "hr", "figure"])
// Wrappers whose inline text becomes a paragraph of its own (kept blocks are handled first).
const CONTAINERS = new Set(["div", "section", "article", "main", "header", "footer", "aside",
  "td", "th", "center", "details", "summary"])
const LINK_SCHEMES = /^(https?:|mailto:|tel:)/i
const ORDERED_MARKER = /^[\s\u00a0]*\(?[0-9a-z\u0660-\u0669]{1,4}[.)]/i

/** The pasted HTML of another program reduced to what a story body holds. */
export function cleanPastedHTML(html, { mediaUrl }) {
  // Copied inside an editor on this page: already in the body's own markup.
  if (html.includes("data-pm-slice")) return html
  const source = new DOMParser().parseFromString(html, "text/html")
  const out = document.createElement("div")
  cleanChildren(source.body, out, { mediaUrl })
  for (const br of out.querySelectorAll(":scope > br")) br.remove()
  // Deepest first, so that a list whose items were all empty goes too.
  const blocks = [...out.querySelectorAll("p, h2, h3, h4, li, blockquote, ul, ol")].reverse()
  for (const block of blocks) {
    if (!block.textContent.replace(/[\s\u00a0\u200b]+/g, "") && !block.querySelector("img")) {
      block.remove()
    }
  }
  return out.innerHTML
}

function cleanChildren(from, into, context) {
  let list = null
  for (const child of [...from.childNodes]) {
    if (isWordListParagraph(child)) {
      // Word's lists are paragraphs with a typed bullet or number: a real list again.
      const tag = ORDERED_MARKER.test(wordListMarker(child)) ? "ol" : "ul"
      if (list?.localName !== tag) {
        list = document.createElement(tag)
        into.append(list)
      }
      const item = document.createElement("li")
      cleanChildren(child, item, context)
      list.append(item)
      continue
    }
    if (!(child.nodeType === Node.TEXT_NODE && !child.textContent.trim())) list = null
    cleanNode(child, into, context)
  }
}

function cleanNode(node, into, context) {
  if (node.nodeType === Node.TEXT_NODE) {
    into.append(node.textContent)
    return
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return
  const tag = node.localName
  const style = (node.getAttribute("style") || "").toLowerCase()
  if (DROPPED.has(tag) || /mso-list:\s*ignore/.test(style) || cssIs(style, "display", /^none/)) return

  const make = (name, children = node) => {
    const element = document.createElement(name)
    cleanChildren(children, element, context)
    into.append(element)
    return element
  }

  if (tag === "img") {
    const image = libraryImage(node, context)
    if (image) into.append(image)
  } else if (tag === "figure") {
    cleanFigure(node, into, context)
  } else if (tag === "hr") {
    into.append(document.createElement("hr"))
  } else if (tag === "br") {
    into.append(document.createElement("br"))
  } else if (tag === "a") {
    const href = (node.getAttribute("href") || "").trim()
    if (LINK_SCHEMES.test(href)) {
      make("a").setAttribute("href", href)
    } else {
      cleanChildren(node, into, context)
    }
  } else if (tag in KEPT_BLOCKS) {
    const block = make(KEPT_BLOCKS[tag])
    const start = node.getAttribute("start")
    if (tag === "ol" && /^\d+$/.test(start || "") && start !== "1") {
      block.setAttribute("start", start)
    }
  } else if (tag === "b" && cssIs(style, "font-weight", /^(normal|[1-4]00)/)) {
    // Google Docs wraps a whole copy in <b style="font-weight:normal">.
    cleanChildren(node, into, context)
  } else if (tag in KEPT_INLINE) {
    make(KEPT_INLINE[tag])
  } else if (tag === "span" || tag === "font") {
    // Bold and italic set by style (Google Docs, some web pages) stay bold and italic.
    let target = into
    if (cssIs(style, "font-weight", /^(bold|[6-9]00)/)) {
      target = target.appendChild(document.createElement("strong"))
    }
    if (cssIs(style, "font-style", /^italic/)) {
      target = target.appendChild(document.createElement("em"))
    }
    cleanChildren(node, target, context)
  } else {
    // A container (div, section, table cell…): a paragraph when it holds only text, else
    // its blocks as they are. Tables, rows and anything unknown are unwrapped.
    const holder = document.createElement("div")
    cleanChildren(node, holder, context)
    const isContainer = CONTAINERS.has(tag)
    const hasBlocks = [...holder.children].some((child) => OUTPUT_BLOCKS.has(child.localName))
    if (isContainer && !hasBlocks) {
      const paragraph = document.createElement("p")
      paragraph.append(...holder.childNodes)
      into.append(paragraph)
    } else {
      into.append(...holder.childNodes)
    }
  }
}

/** An <img> from this site's media library (by its address), else null: the body shows
 *  library photos only (core/text.py drops any other image). */
function libraryImage(node, { mediaUrl }) {
  let url
  try {
    url = new URL(node.getAttribute("src") || "", window.location.href)
  } catch {
    return null
  }
  if (url.origin !== window.location.origin || !url.pathname.startsWith(mediaUrl)) return null
  const image = document.createElement("img")
  image.setAttribute("src", url.pathname)
  for (const name of ["alt", "width", "height"]) {
    const value = node.getAttribute(name)
    if (value) image.setAttribute(name, value)
  }
  return image
}

function cleanFigure(node, into, context) {
  const source = node.querySelector("img")
  const image = source && libraryImage(source, context)
  const caption = node.querySelector("figcaption")
  if (!image) {
    // Not a library photo: the caption's words stay, as a paragraph.
    if (caption) cleanNode(caption, into, context)
    return
  }
  const figure = document.createElement("figure")
  const id = node.getAttribute("data-image-id")
  if (/^\d+$/.test(id || "")) figure.setAttribute("data-image-id", id)
  figure.append(image)
  if (caption) {
    const cleaned = document.createElement("figcaption")
    cleanChildren(caption, cleaned, context)
    figure.append(cleaned)
  }
  into.append(figure)
}

/** Whether the inline `style` sets `property` (itself, not mso-bidi-font-weight and the
 *  like) to a value matching `value`. */
function cssIs(style, property, value) {
  return style.split(";").some((declaration) => {
    const [name, ...rest] = declaration.split(":")
    return name.trim() === property && value.test(rest.join(":").trim())
  })
}

function isWordListParagraph(node) {
  if (node.nodeType !== Node.ELEMENT_NODE || node.localName !== "p") return false
  const style = (node.getAttribute("style") || "").toLowerCase()
  return /mso-list:\s*l\d/.test(style)
}

function wordListMarker(node) {
  const marker = [...node.querySelectorAll("[style]")].find((element) =>
    /mso-list:\s*ignore/i.test(element.getAttribute("style")),
  )
  return marker?.textContent || ""
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
