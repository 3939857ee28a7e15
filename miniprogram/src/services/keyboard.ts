const CONTROLS = '[role="button"],[role="link"],[role="checkbox"],[role="radio"],[role="tab"]';

/**
 * H5 only: the app's buttons, links and choices are Views with a role, which browsers do not put
 * in the tab order. One observer gives each a tab stop, and Enter or Space taps the focused one,
 * so every page works from a keyboard (and axe's "scrollable region" check has something to reach).
 */
export function enableKeyboardControls() {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  const mark = (el: Element) => {
    if (el.matches(CONTROLS) && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
    el.querySelectorAll(CONTROLS).forEach((c) => !c.hasAttribute('tabindex') && c.setAttribute('tabindex', '0'));
  };
  mark(document.body);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target instanceof Element) mark(r.target);
      r.addedNodes.forEach((n) => n instanceof Element && mark(n));
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['role'] });
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if ((e.key === 'Enter' || e.key === ' ') && target?.matches?.(CONTROLS)) {
      e.preventDefault();
      target.click();
    }
  });
}
