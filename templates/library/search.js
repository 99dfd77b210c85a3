// The library page's search: Pagefind's JS API over the index in pagefind/. The page's own
// language index is Pagefind's first; every other language the library holds is merged in,
// each with its own stemming, so one query reaches every article. Results are written with
// textContent only (never as HTML).
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const bundle = new URL("pagefind/", document.baseURI).pathname;
let loading = null;

async function load() {
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({ basePath: bundle, excerptLength: 24 });
  // The same bundle by its full address: Pagefind skips a merge whose path starts the
  // primary's ("/…/pagefind/"), and takes the origin off again when it loads it.
  const same = new URL(bundle, document.baseURI).href;
  const own = document.documentElement.lang.toLowerCase();
  for (const language of JSON.parse(form.dataset.languages)) {
    if (language !== own) {
      await pagefind.mergeIndex(same, { language });
    }
  }
  return pagefind;
}

async function find(query) {
  loading = loading || load();
  const pagefind = await loading;
  const found = await pagefind.search(query);
  const pages = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
  list.replaceChildren();
  for (const page of pages) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = page.url; // Pagefind's address, under the folder the library is served from
    link.textContent = page.meta.title || page.url;
    if (page.meta.lang) {
      item.lang = page.meta.lang; // the title and excerpt are in the article's language
    }
    const excerpt = document.createElement("p");
    excerpt.textContent = page.plain_excerpt || "";
    item.append(link, excerpt);
    list.append(item);
  }
  list.hidden = pages.length === 0;
  status.textContent = form.dataset.results.replace("{count}", String(found.results.length));
}

form.hidden = false;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value.trim();
  if (!query) {
    return;
  }
  status.textContent = form.dataset.searching;
  list.replaceChildren();
  list.hidden = true;
  find(query).catch((error) => {
    status.textContent = String(error);
  });
});
