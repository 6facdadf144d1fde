/**
 * Draws an ECharts option on the server: ECharts' own server-side rendering to SVG, then resvg rasterises
 * the SVG to the PNG Word embeds, with the machine's CJK font so the Chinese titles, axes and values are
 * glyphs, not boxes. echarts and resvg are imported on first use only: a server that never writes a report
 * never loads them (idle memory).
 */
import fs from 'node:fs';

export interface ChartSize {
  width: number;
  height: number;
}

/**
 * The CJK fonts looked for, first found wins: Debian/Ubuntu fonts-noto-cjk, then the Fedora and Arch
 * layouts. ONEWINDOW_CHART_FONT (a .ttc/.ttf/.otf path) comes before them all.
 */
const FONT_CANDIDATES = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'],
  ['/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc'],
  ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc'],
];
/** The family name inside Noto Sans CJK's collection that carries simplified-Chinese glyph forms. */
export const CHART_FONT_FAMILY = 'Noto Sans CJK SC';

export interface ChartFonts {
  files: string[];
  /** Why no CJK font was found (the chart is drawn with whatever the system has, and says so once). */
  missing?: string;
}

/** The CJK font files present on this machine. */
export function findChartFonts(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[][] = FONT_CANDIDATES): ChartFonts {
  const own = env.ONEWINDOW_CHART_FONT;
  if (own && fs.existsSync(own)) return { files: [own] };
  for (const set of candidates) {
    const files = set.filter((f) => fs.existsSync(f));
    if (files.length > 0) return { files };
  }
  return {
    files: [],
    missing: `图表中文字体未找到（已查找 ${[own, ...candidates.map((c) => c[0])].filter(Boolean).join('、')}）：报告图表改用系统字体，中文可能显示为方框。请安装 fonts-noto-cjk 或设置 ONEWINDOW_CHART_FONT。`,
  };
}

type EChartsCore = typeof import('echarts/core');
let echartsReady: Promise<EChartsCore> | null = null;

/** echarts with only what the report's charts use, loaded once on first use. */
function loadEcharts(): Promise<EChartsCore> {
  echartsReady ??= (async () => {
    const [core, charts, components, features, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/features'),
      import('echarts/renderers'),
    ]);
    core.use([
      charts.LineChart,
      charts.BarChart,
      charts.PieChart,
      components.GridComponent,
      components.LegendComponent,
      components.TitleComponent,
      components.MarkLineComponent,
      features.LabelLayout,
      renderers.SVGRenderer,
    ]);
    return core;
  })();
  return echartsReady;
}

/** The option drawn as an SVG document of the given size (no animation; white background; the CJK font). */
export async function renderChartSvg(option: Record<string, unknown>, size: ChartSize): Promise<string> {
  const echarts = await loadEcharts();
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ textStyle: { fontFamily: `'${CHART_FONT_FAMILY}', sans-serif` }, backgroundColor: '#ffffff', ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

let warned = false;

/**
 * An SVG rasterised to PNG at `scale` × its size (2: sharp when Word prints it at its nominal size). Without
 * a CJK font it still draws, with the system's fonts, and warns once.
 */
export async function svgToPng(svg: string, scale = 2, fonts: ChartFonts = findChartFonts(), warn: (message: string) => void = (m) => process.emitWarning(m, 'OnewindowChartFont')): Promise<Buffer> {
  const { renderAsync } = await import('@resvg/resvg-js');
  if (fonts.missing && !warned) {
    warned = true;
    warn(fonts.missing);
  }
  // On libuv's thread pool: reading the CJK collections and drawing take most of a second, which must not
  // hold up the event loop (other requests) while a report is written.
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: fonts.files.length > 0 ? { loadSystemFonts: false, fontFiles: fonts.files, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY } : { loadSystemFonts: true },
  });
  return image.asPng();
}
