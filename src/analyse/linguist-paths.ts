// The paths GitHub Linguist leaves out of language statistics, as data: its `documentation.yml` and
// `vendor.yml` (github-linguist/linguist, lib/linguist/, MIT licence, Copyright (c) 2017 GitHub, Inc.).
// The `linguist-languages` package Agora reads languages from does not ship these lists, so they are
// mirrored here. Where Linguist's expression could backtrack on a long hostile name (`([^.]*)\d+`,
// `(.*?)` prefixes) the equivalent or slightly broader linear form is used; every other line is Linguist's.

/** documentation.yml: documentation files and directories. */
export const LINGUIST_DOCUMENTATION = [
  '^[Dd]ocs?/',
  '(^|/)[Dd]ocumentation/',
  '(^|/)[Gg]roovydoc/',
  '(^|/)[Jj]avadoc/',
  '^[Mm]an/',
  '^[Ee]xamples/',
  '^[Dd]emos?/',
  '(^|/)inst/doc/',
  '(^|/)CITATION(\\.cff|(S)?(\\.(bib|md))?)$',
  '(^|/)CHANGE(S|LOG)?(\\.|$)',
  '(^|/)CONTRIBUTING(\\.|$)',
  '(^|/)COPYING(\\.|$)',
  '(^|/)INSTALL(\\.|$)',
  '(^|/)LICEN[CS]E(\\.|$)',
  '(^|/)[Ll]icen[cs]e(\\.|$)',
  '(^|/)README(\\.|$)',
  '(^|/)[Rr]eadme(\\.|$)',
  '^[Ss]amples?/',
];

/** vendor.yml: third-party code, bundled libraries, build and editor files. */
export const LINGUIST_VENDOR = [
  '(^|/)cache/',
  '^[Dd]ependencies/',
  '(^|/)dist/',
  '^deps/',
  '(^|/)configure$',
  '(^|/)config\\.guess$',
  '(^|/)config\\.sub$',
  '(^|/)aclocal\\.m4',
  '(^|/)libtool\\.m4',
  '(^|/)ltoptions\\.m4',
  '(^|/)ltsugar\\.m4',
  '(^|/)ltversion\\.m4',
  '(^|/)lt~obsolete\\.m4',
  '(^|/)dotnet-install\\.(ps1|sh)$',
  '(^|/)cpplint\\.py',
  '(^|/)node_modules/',
  '(^|/)\\.yarn/releases/',
  '(^|/)\\.yarn/plugins/',
  '(^|/)\\.yarn/sdks/',
  '(^|/)\\.yarn/versions/',
  '(^|/)\\.yarn/unplugged/',
  '(^|/)_esy$',
  '(^|/)bower_components/',
  '^rebar$',
  '(^|/)erlang\\.mk',
  '(^|/)Godeps/_workspace/',
  '(^|/)testdata/',
  '(^|/)\\.indent\\.pro',
  '(\\.|-)min\\.(js|css)$',
  'import\\.(css|less|scss|styl)$', // Linguist: ([^\s]*)import\.…, same matches
  '(^|/)bootstrap([^/.]*)(\\..*)?\\.(js|css|less|scss|styl)$',
  '(^|/)custom\\.bootstrap([^\\s]*)(js|css|less|scss|styl)$',
  '(^|/)font-?awesome\\.(css|less|scss|styl)$',
  '(^|/)font-?awesome/.*\\.(css|less|scss|styl)$',
  '(^|/)foundation\\.(css|less|scss|styl)$',
  '(^|/)normalize\\.(css|less|scss|styl)$',
  '(^|/)skeleton\\.(css|less|scss|styl)$',
  '(^|/)[Bb]ourbon/.*\\.(css|less|scss|styl)$',
  '(^|/)animate\\.(css|less|scss|styl)$',
  '(^|/)materialize\\.(css|less|scss|styl|js)$',
  '(^|/)select2/.*\\.(css|scss|js)$',
  '(^|/)bulma\\.(css|sass|scss)$',
  '(3rd|[Tt]hird)[-_]?[Pp]arty/',
  '(^|/)vendors?/',
  '(^|/)[Vv]endor/', // Linguist: [Vv]+endor
  '(^|/)extern(al)?/',
  '^debian/',
  '(^|/)run\\.n$',
  '(^|/)bootstrap-datepicker/',
  '(^|/)jquery([^.]*)\\.js$',
  '(^|/)jquery\\-\\d\\.\\d+(\\.\\d+)?\\.js$',
  '(^|/)jquery\\-ui(\\-\\d\\.\\d+(\\.\\d+)?)?(\\.\\w+)?\\.(js|css)$',
  '(^|/)jquery\\.(ui|effects)\\.([^.]*)\\.(js|css)$',
  '(^|/)jquery\\.fn\\.gantt\\.js',
  '(^|/)jquery\\.fancybox\\.(js|css)',
  '(^|/)fuelux\\.js',
  '(^|/)jquery\\.fileupload(-\\w+)?\\.js$',
  '(^|/)jquery\\.dataTables\\.js',
  '(^|/)bootbox\\.js',
  '(^|/)pdf\\.worker\\.js',
  '(^|/)slick\\.\\w+.js$',
  '(^|/)Leaflet\\.Coordinates-\\d+\\.\\d+\\.\\d+\\.src\\.js$',
  '(^|/)leaflet\\.draw-src\\.js',
  '(^|/)leaflet\\.draw\\.css',
  '(^|/)Control\\.FullScreen\\.css',
  '(^|/)Control\\.FullScreen\\.js',
  '(^|/)leaflet\\.spin\\.js',
  '(^|/)wicket-leaflet\\.js',
  '(^|/)\\.sublime-project',
  '(^|/)\\.sublime-workspace',
  '(^|/)\\.vscode/',
  '(^|/)prototype(.*)\\.js$',
  '(^|/)effects\\.js$',
  '(^|/)controls\\.js$',
  '(^|/)dragdrop\\.js$',
  '\\.d\\.ts$', // Linguist: (.*?)\.d\.ts$, same matches
  '(^|/)mootools[^/]*\\.js$', // Linguist: mootools([^.]*)\d+\.\d+.\d+([^.]*)\.js$
  '(^|/)dojo\\.js$',
  '(^|/)MochiKit\\.js$',
  '(^|/)yahoo-([^.]*)\\.js$',
  '(^|/)yui([^.]*)\\.js$',
  '(^|/)ckeditor\\.js$',
  '(^|/)tiny_mce([^.]*)\\.js$',
  '(^|/)tiny_mce/(langs|plugins|themes|utils)',
  '(^|/)ace-builds/',
  '(^|/)fontello(.*?)\\.css$',
  '(^|/)MathJax/',
  '(^|/)Chart\\.js$',
  '(^|/)[Cc]ode[Mm]irror/(\\d+\\.\\d+/)?(lib|mode|theme|addon|keymap|demo)',
  '(^|/)shBrush([^.]*)\\.js$',
  '(^|/)shCore\\.js$',
  '(^|/)shLegacy\\.js$',
  '(^|/)angular([^.]*)\\.js$',
  '(^|/)d3(\\.v\\d+)?([^.]*)\\.js$',
  '(^|/)react(-[^.]*)?\\.js$',
  '(^|/)flow-typed/.*\\.js$',
  '(^|/)modernizr\\-\\d\\.\\d+(\\.\\d+)?\\.js$',
  '(^|/)modernizr\\.custom\\.\\d+\\.js$',
  '(^|/)knockout-(\\d+\\.){3}(debug\\.)?js$',
  '(^|/)docs?/_?(build|themes?|templates?|static)/',
  '(^|/)admin_media/',
  '(^|/)env/',
  '(^|/)fabfile\\.py$',
  '(^|/)waf$',
  '(^|/)\\.osx$',
  '\\.xctemplate/',
  '\\.imageset/',
  '(^|/)Carthage/',
  '(^|/)Sparkle/',
  '(^|/)Crashlytics\\.framework/',
  '(^|/)Fabric\\.framework/',
  '(^|/)BuddyBuildSDK\\.framework/',
  '(^|/)Realm\\.framework',
  '(^|/)RealmSwift\\.framework',
  '(^|/)\\.gitattributes$',
  '(^|/)\\.gitignore$',
  '(^|/)\\.gitmodules$',
  '(^|/)gradlew$',
  '(^|/)gradlew\\.bat$',
  '(^|/)gradle/wrapper/',
  '(^|/)mvnw$',
  '(^|/)mvnw\\.cmd$',
  '(^|/)\\.mvn/wrapper/',
  '-vsdoc\\.js$',
  '\\.intellisense\\.js$',
  '(^|/)jquery([^.]*)\\.validate(\\.unobtrusive)?\\.js$',
  '(^|/)jquery([^.]*)\\.unobtrusive\\-ajax\\.js$',
  '(^|/)[Mm]icrosoft([Mm]vc)?([Aa]jax|[Vv]alidation)(\\.debug)?\\.js$',
  '(^|/)[Pp]ackages/[^/]+\\.\\d+/', // Linguist: .+\.\d+/ (a NuGet package folder)
  '(^|/)extjs/',
  '(^|/)html5shiv\\.js$',
  '(^|/)[Tt]ests?/fixtures/',
  '(^|/)[Ss]pecs?/fixtures/',
  '(^|/)cordova([^.]*)\\.js$',
  '(^|/)cordova\\-\\d\\.\\d(\\.\\d)?\\.js$',
  '(^|/)foundation(\\..*)?\\.js$',
  '(^|/)Vagrantfile$',
  '(^|/)\\.[Dd][Ss]_[Ss]tore$',
  '(^|/)inst/extdata/',
  '(^|/)octicons\\.css',
  '(^|/)sprockets-octicons\\.scss',
  '(^|/)activator$',
  '(^|/)activator\\.bat$',
  '(^|/)proguard\\.pro$',
  '(^|/)proguard-rules\\.pro$',
  '(^|/)puphpet/',
  '(^|/)\\.google_apis/',
  '(^|/)Jenkinsfile$',
  '(^|/)\\.gitpod\\.Dockerfile$',
  '(^|/)\\.github/',
  '(^|/)\\.obsidian/',
  '(^|/)\\.teamcity/',
];

/**
 * One expression per list, run once per file of every tree. Alternatives that start at a segment
 * (`(^|/)x`) or at the root (`^x`) are grouped behind that anchor, so most positions fail at once.
 */
function combine(list: readonly string[]): RegExp {
  const atSegment: string[] = [];
  const atRoot: string[] = [];
  const other: string[] = [];
  for (const s of list) {
    if (s.startsWith('(^|/)')) atSegment.push(s.slice(5));
    else if (s.startsWith('^')) atRoot.push(s.slice(1));
    else other.push(s);
  }
  const parts = [`(?:^|/)(?:${atSegment.join('|')})`, `^(?:${atRoot.join('|')})`, ...other];
  return new RegExp(parts.map((s) => `(?:${s})`).join('|'));
}

const DOCUMENTATION_RE = combine(LINGUIST_DOCUMENTATION);
const VENDOR_RE = combine(LINGUIST_VENDOR);

/** True for a path Linguist's documentation.yml names (`docs/`, `examples/`, `Documentation/`, README…). */
export function isLinguistDocumentation(path: string): boolean {
  return DOCUMENTATION_RE.test(path);
}

/** True for a path Linguist's vendor.yml names (`.github/`, `dist/`, `jquery*.js`, `gradlew`…). */
export function isLinguistVendored(path: string): boolean {
  return VENDOR_RE.test(path);
}
