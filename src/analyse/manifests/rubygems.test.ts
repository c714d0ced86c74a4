import { describe, expect, it } from 'vitest';
import { readGemfile, readGemspec } from './rubygems.ts';

describe('readGemspec', () => {
  it('publishes the gem and consumes its dependencies', () => {
    const spec = `Gem::Specification.new do |spec|
  spec.name          = "acme-auth"
  spec.version       = "0.9.1"
  spec.add_dependency "jwt", "~> 2.8"
  spec.add_runtime_dependency("faraday")
  spec.add_development_dependency 'rspec', '~> 3.13'
end`;
    const r = readGemspec({ path: 'acme-auth.gemspec', text: spec, files: new Map() });
    expect(r.packages.map((p) => [p.role, p.name, p.version, p.scope])).toEqual([
      ['publishes', 'acme-auth', '0.9.1', undefined],
      ['consumes', 'jwt', '~> 2.8', 'runtime'],
      ['consumes', 'faraday', undefined, 'runtime'],
      ['consumes', 'rspec', '~> 3.13', 'dev'],
    ]);
  });

  it('reports a gemspec without a name', () => {
    expect(
      readGemspec({ path: 'x.gemspec', text: 'spec.name = NAME', files: new Map() }).problems,
    ).toHaveLength(1);
  });
});

describe('readGemfile', () => {
  it('scopes gems by group blocks and inline groups', () => {
    const gemfile = `source "https://rubygems.org"
gemspec
gem "rails", "~> 7.1"
gem 'pg'
group :development, :test do
  gem "rspec-rails"
  platforms :mri do
    gem "byebug"
  end
end
group :development do
  gem "rubocop", require: false
end
gem "rack-test", group: :test
# gem "commented"
`;
    const r = readGemfile({ path: 'Gemfile', text: gemfile, files: new Map() });
    expect(r.packages.map((p) => [p.name, p.version, p.scope])).toEqual([
      ['rails', '~> 7.1', 'runtime'],
      ['pg', undefined, 'runtime'],
      ['rspec-rails', undefined, 'test'],
      ['byebug', undefined, 'test'],
      ['rubocop', undefined, 'dev'],
      ['rack-test', undefined, 'test'],
    ]);
  });
});
