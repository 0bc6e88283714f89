// "Copy link": puts the page's address (which holds the wine, the model and the view) on the
// clipboard. Where the browser refuses, the link is shown selected, to copy by hand.
// Every text comes from Python (already in the reader's language) and is set as text.

export default function copyLink(component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector(".share");
  const button = root.querySelector(".copy");
  const said = root.querySelector(".said");
  const fallback = root.querySelector(".fallback");
  button.textContent = data.button;
  button.hidden = false; // shown only once it has its name (see copy.html)
  root.querySelector(".what").textContent = data.what;
  button.onclick = async () => {
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      said.textContent = data.copied;
      fallback.hidden = true;
    } catch {
      said.textContent = data.refused;
      fallback.hidden = false;
      fallback.value = link;
      fallback.focus();
      fallback.select();
    }
  };
}
