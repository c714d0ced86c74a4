// The digest rendered for its readers: an Atom feed (the `feed` library writes the XML) with one entry per
// week, and incoming-webhook payloads for Slack (Block Kit), Microsoft Teams (an Adaptive Card in a message,
// as Teams workflows take it) and Mattermost (Markdown text). Project names and descriptions are untrusted:
// HTML is escaped before the few link and bold marks of `digestSections` are turned into markup, and a link
// is kept only when it points at the portal.

import { Feed } from 'feed';
import type { Digest } from './digest.ts';
import { digestSections } from './digest.ts';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One line of `digestSections` as safe HTML. */
export function lineHtml(line: string, base: string): string {
  return escapeHtml(line)
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, text: string, href: string) =>
      href.startsWith(`${escapeHtml(base)}/`) ? `<a href="${href}">${text}</a>` : m,
    )
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

function title(d: Digest): string {
  return `${d.scope.kind === 'team' ? `Team ${d.scope.name}` : 'InnerSource'} digest, week ${d.period.week}`;
}

function html(d: Digest, base: string): string {
  const sections = digestSections(d, (p) => base + p);
  if (sections.length === 0) return '<p>A quiet week: nothing new to report.</p>';
  return sections
    .map(
      (s) =>
        `<h2>${escapeHtml(s.title)}</h2><ul>${s.lines.map((l) => `<li>${lineHtml(l, base)}</li>`).join('')}</ul>`,
    )
    .join('');
}

/** An Atom feed of weekly digests (newest first). `self` is the feed's own URL. */
export function atomFeed(digests: readonly Digest[], base: string, self: string, feedTitle: string): string {
  const newest = digests[0];
  const feed = new Feed({
    id: self,
    title: feedTitle,
    link: base,
    updated: newest ? new Date(newest.period.end) : new Date(0),
    generator: 'Agora',
    feedLinks: { atom: self },
    author: { name: 'Agora' },
    copyright: '',
  });
  for (const d of digests) {
    feed.addItem({
      id: `${self}#${d.period.week}`,
      title: title(d),
      link: `${base}/`,
      date: new Date(d.period.end),
      content: html(d, base),
    });
  }
  return feed.atom1();
}

export type ChatFormat = 'slack' | 'teams' | 'mattermost';

const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The digest as the JSON body of an incoming webhook of `format`. */
export function chatPayload(d: Digest, format: ChatFormat, base: string): Record<string, unknown> {
  const sections = digestSections(d, (p) => base + p);
  const heading = title(d);
  if (format === 'slack') {
    const toSlack = (l: string) =>
      slackEscape(l)
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<$2|$1>')
        .replace(/\*\*([^*]+)\*\*/g, '*$1*');
    return {
      text: heading,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: heading.slice(0, 150) } },
        ...(sections.length
          ? sections.map((s) => ({
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: `*${slackEscape(s.title)}*\n${s.lines.map((l) => `• ${toSlack(l)}`).join('\n')}`.slice(
                  0,
                  3000,
                ),
              },
            }))
          : [{ type: 'section', text: { type: 'mrkdwn', text: 'A quiet week: nothing new to report.' } }]),
      ],
    };
  }
  if (format === 'teams') {
    return {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: heading, weight: 'Bolder', size: 'Medium', wrap: true },
              ...sections.flatMap((s) => [
                { type: 'TextBlock', text: s.title, weight: 'Bolder', wrap: true, spacing: 'Medium' },
                { type: 'TextBlock', text: s.lines.map((l) => `- ${l}`).join('\n'), wrap: true },
              ]),
            ],
          },
        },
      ],
    };
  }
  const text = [
    `#### ${heading}`,
    ...(sections.length
      ? sections.flatMap((s) => ['', `**${s.title}**`, ...s.lines.map((l) => `- ${l}`)])
      : ['A quiet week.']),
  ].join('\n');
  return { username: 'Agora', text };
}
