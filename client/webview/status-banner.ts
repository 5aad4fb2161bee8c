// The banner above the results: "stale" when the model or data changed since the fit shown, "cancelled" after a cancel.
import './status-banner.css';
import { h } from './dom.ts';
import type { BannerMessage as Banner, FromWebview } from './messages.ts';

const TEXT: Record<Exclude<Banner['state'], 'none'>, (file: string) => string> = {
  'stale-model': () => 'Stale — the model changed since this fit; refit.',
  'stale-data': () => 'Stale — the data file changed since this fit; refit.',
  cancelled: (file) => `Cancelled — the fit of ${file} was stopped.`,
};

/**
 * Shows (or removes) the banner. It lives outside `root`, so re-rendering the results keeps it; any new outcome clears
 * it first (`clearBanner`). A cancel while the panel said "Fitting…" with nothing to go back to says so in the status.
 */
export function showBanner(root: HTMLElement, message: Banner, post: (m: FromWebview) => void): void {
  clearBanner();
  if (message.state === 'none') return;
  const refit = h('button', { type: 'button' }, 'Fit again');
  refit.addEventListener('click', () => post({ type: 'refit' }));
  const banner = h(
    'div',
    { id: 'banner', role: 'status', 'data-state': message.state },
    h('span', {}, TEXT[message.state](message.file)),
    message.state === 'cancelled' ? null : refit,
  );
  root.before(banner);
  if (message.state === 'cancelled' && root.dataset.state === 'running') {
    root.dataset.state = 'cancelled';
    const status = root.querySelector<HTMLElement>('#status');
    if (status) {
      status.textContent = `Fit of ${message.file} cancelled.`;
      status.dataset.state = 'cancelled';
    }
  }
}

export function clearBanner(): void {
  document.getElementById('banner')?.remove();
}
