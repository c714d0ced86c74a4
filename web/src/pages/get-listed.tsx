// Get listed: how a team lists its project in Agora and improves it (static guidance).

import { Link } from '../lib/router.tsx';
import { useTitle } from '../lib/use-title.ts';

const INNERSOURCE_KEYS = [
  ['title', 'The name to show instead of the repository name, e.g. "Payments API".'],
  [
    'motivation',
    'Why the project exists and why others should care: one or two sentences shown on the project page.',
  ],
  [
    'contributions',
    'The kinds of help you ask for, e.g. ["Bug fixes", "Documentation", "New currency support"]. Any entry ' +
      'lists the project under "Help wanted" in Explore; a CONTRIBUTING guide lists it under "Has a ' +
      'contributing guide".',
  ],
  ['skills', 'What a contributor needs to know, e.g. ["TypeScript", "PostgreSQL"]. Searchable in Explore.'],
  [
    'logo',
    'Path of an image in the repository (PNG, JPEG, GIF, WebP, AVIF or SVG, at most 512 KB and three folders ' +
      "deep, outside vendored code), shown on the project's tile and page. A URL is not shown: the portal " +
      'shows only images it keeps and serves itself.',
  ],
  ['docs', 'Where the documentation lives, when it is not the README.'],
  ['language', 'The main programming language, when the detected one is not the right one to show.'],
] as const;

const EXAMPLE = `{
  "title": "Payments API",
  "motivation": "One way to take money, so no team writes its own card handling.",
  "contributions": ["Bug fixes", "New payment providers", "Documentation"],
  "skills": ["TypeScript", "PostgreSQL"],
  "logo": "docs/logo.svg",
  "docs": "https://docs.example.com/payments"
}`;

const GITHUB_ACTIONS = `# .github/workflows/agora.yml
name: InnerSource standards
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - run: npx agora check --format sarif -o agora.sarif || true
      - uses: github/codeql-action/upload-sarif@v3
        with: { sarif_file: agora.sarif }
      - run: npx agora check`;

const GITLAB_CI = `# .gitlab-ci.yml
agora-check:
  image: node:20
  script:
    - npx agora check --format markdown`;

export function GetListedPage() {
  useTitle('Get listed');
  return (
    <article className="page prose" aria-labelledby="get-listed-title">
      <h1 id="get-listed-title">Get your project listed</h1>
      <p className="lede">
        Agora lists the repositories it is configured to crawl. Nothing is required in the repository itself,
        but a few small files make a project far easier to find and to contribute to.
      </p>

      <h2>1. Be crawled</h2>
      <p>Ask the people who run Agora to include your repository. They can do it in one of these ways:</p>
      <ul>
        <li>
          add the <code>inner-source</code> topic to the repository on your forge, if the portal lists
          repositories by topic,
        </li>
        <li>
          add the repository, or a folder or forge organisation holding it, to <code>sources:</code> in{' '}
          <code>agora.yaml</code>, or
        </li>
        <li>
          claim it for your team with <code>teams.&lt;team&gt;.repos</code> in <code>agora.yaml</code>, a{' '}
          <code>CODEOWNERS</code> file naming your team, or <code>spec.owner</code> in a Backstage{' '}
          <code>catalog-info.yaml</code>. Without any of these, Agora infers the owner from recent commits and
          says so.
        </li>
      </ul>

      <h2>2. Describe it with innersource.json</h2>
      <p>
        An <code>innersource.json</code> file at the root (the InnerSource Portal convention) tells people
        what the project is for and how they can help. Every key is optional:
      </p>
      <dl className="keys">
        {INNERSOURCE_KEYS.map(([key, text]) => (
          <div key={key}>
            <dt>
              <code>{key}</code>
            </dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
      <pre>
        <code>{EXAMPLE}</code>
      </pre>

      <h2>3. Meet the standards</h2>
      <p>
        The <Link to="/standards">Standards</Link> page shows every project against the organisation's ruleset
        (the InnerSource Commons "Standard Base Documentation" pattern by default): a README that says what
        the project is, how to get started and how to get involved; a <code>CONTRIBUTING</code> guide; owners
        (CODEOWNERS or trusted committers); a communication channel; a licence; CI that runs tests. Meeting
        them raises your readiness level from bronze to silver to gold.
      </p>
      <p>Run the same check in your working copy, and let Agora scaffold what is missing:</p>
      <pre>
        <code>{`npx agora check          # what passes, what fails, and how to fix each failure
npx agora fix --dry-run  # show the files it would create
npx agora fix            # create them (existing files are never overwritten)`}</code>
      </pre>

      <h2>4. Keep it green in CI</h2>
      <p>
        <code>agora check</code> exits with 1 when an error-level rule fails, so it can guard your main
        branch. It writes text, JSON, Markdown (for a merge-request comment) or SARIF (for code-scanning
        views).
      </p>
      <pre>
        <code>{GITHUB_ACTIONS}</code>
      </pre>
      <pre>
        <code>{GITLAB_CI}</code>
      </pre>

      <h2>5. Make contributing easy</h2>
      <ul>
        <li>
          Say in <code>CONTRIBUTING.md</code> how to build, test and propose a change, and how fast you
          answer.
        </li>
        <li>
          Name a channel in <code>COMMUNICATION.md</code> or the README (chat room, mailing list, issues).
        </li>
        <li>
          List the help you want in <code>innersource.json</code> <code>contributions</code>: it shows on your
          tile and project page, and Explore searches it.
        </li>
        <li>
          Name trusted committers, and thank outside contributors: the outside share on your page will show
          it.
        </li>
      </ul>
    </article>
  );
}
