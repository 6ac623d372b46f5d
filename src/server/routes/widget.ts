/**
 * The embeddable widget's server side: `GET /widget.js` (bundled from src/widget/ once per process, served gzipped
 * with an ETag) and the demo host page at `GET /`.
 */
import { Hono } from 'hono';
import { originMatches } from '../access.js';
import { demoPage } from '../demo-page.js';
import type { ServerEnvironment } from '../environment.js';
import { widgetBundle } from '../../widget/build.js';

export function widgetRoutes(): Hono<ServerEnvironment> {
  const routes = new Hono<ServerEnvironment>();
  // Build at start-up so the first page view does not wait; a failure is reported on request instead.
  widgetBundle().catch(() => undefined);

  routes.get('/widget.js', async (context) => {
    const bundle = await widgetBundle();
    context.header('Content-Type', 'application/javascript; charset=utf-8');
    context.header('Cache-Control', 'public, max-age=300');
    context.header('ETag', bundle.etag);
    context.header('Vary', 'Accept-Encoding');
    // Pages that isolate themselves (COEP) may still load the widget from this origin.
    context.header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (context.req.header('if-none-match') === bundle.etag) return context.body(null, 304);
    if (/\bgzip\b/.test(context.req.header('accept-encoding') ?? '')) {
      context.header('Content-Encoding', 'gzip');
      return context.body(new Uint8Array(bundle.gzip));
    }
    return context.body(bundle.code);
  });

  routes.get('/', (context) => {
    const { config } = context.get('assistant');
    const origin = new URL(context.req.url).origin;
    const keys = Object.entries(config.widgetKeys);
    // Widget keys are public by design: the demo embeds the one this page's origin may use, as any site would.
    const widgetKey = keys.find(([, origins]) => originMatches(origins, origin))?.[0];
    const mode = context.req.query('mode') === 'inline' ? 'inline' : 'launcher';
    const themeParameter = context.req.query('theme');
    const theme = themeParameter === 'dark' || themeParameter === 'auto' ? themeParameter : 'light';
    const keyProblem =
      keys.length > 0 && !widgetKey
        ? `No widget key allows ${origin}: add it to WIDGET_KEYS (for example demo=${origin}) to use the assistant here.`
        : undefined;
    return context.html(demoPage({ widgetKey, mode, theme, keyProblem }));
  });

  return routes;
}
