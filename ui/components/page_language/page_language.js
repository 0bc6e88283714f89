// Sets the page's <html lang> to the language the app speaks, so screen readers pronounce
// it and the browser picks the right fonts (Chinese glyphs) and hyphenation. `data.lang` is a
// BCP 47 tag the app chose from its own list, never text from a visitor.
export default function ({ data }) {
  if (data && typeof data.lang === "string" && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(data.lang)) {
    document.documentElement.lang = data.lang;
  }
}
