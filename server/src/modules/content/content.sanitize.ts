import sanitizeHtml from 'sanitize-html';

/** Inline images must be our own uploads, so WeChat's media check and our review see every one. */
const UPLOAD_SRC = /^\/api\/v1\/uploads\/([A-Za-z0-9_-]{16,40})$/;

/**
 * The allow-list for article HTML: what the mini-program's RichText renders and nothing that runs.
 * Anything else (script, style, iframe, event handlers, style attributes, javascript: links) is
 * dropped; script and style lose their text too.
 */
const ARTICLE_RULES: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'hr'],
  allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  exclusiveFilter: (frame) => frame.tag === 'img' && !UPLOAD_SRC.test(frame.attribs.src ?? ''),
};

const TEXT_ONLY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

export interface CleanArticle {
  html: string;
  /** Plain text, for WeChat's text check and the keyword search. */
  text: string;
  /** Upload ids of the inline images, in order, without repeats. */
  imageIds: string[];
}

export function cleanArticle(dirty: string): CleanArticle {
  const html = sanitizeHtml(dirty, ARTICLE_RULES).trim();
  const imageIds: string[] = [];
  for (const match of html.matchAll(/<img [^>]*src="([^"]+)"/g)) {
    const id = UPLOAD_SRC.exec(match[1] ?? '')?.[1];
    if (id && !imageIds.includes(id)) imageIds.push(id);
  }
  const withBreaks = html.replace(/<\/(p|h2|h3|h4|li|blockquote)>|<br\s*\/?>/g, '$&\n');
  const text = sanitizeHtml(withBreaks, TEXT_ONLY)
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (e) => ENTITIES[e] ?? e)
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
  return { html, text, imageIds };
}
