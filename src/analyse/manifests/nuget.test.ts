// The readers parse with the parsers a caller loaded: register them all, as the crawl does.
import './all-parsers.ts';
import { describe, expect, it } from 'vitest';
import { readMsbuildProject, readPackagesConfig } from './nuget.ts';

const read = (path: string, text: string) => readMsbuildProject({ path, text, files: new Map() });

describe('readMsbuildProject', () => {
  it('publishes a library by PackageId and consumes PackageReferences', () => {
    const csproj = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework><PackageId>Acme.Payments.Client</PackageId><Version>1.2.0</Version></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
    <PackageReference Include="StyleCop.Analyzers" Version="1.1.118" PrivateAssets="all" />
    <PackageReference Include="Polly"><Version>8.3.0</Version></PackageReference>
  </ItemGroup>
</Project>`;
    const r = read('src/Client/Client.csproj', csproj);
    expect(r.packages.map((p) => [p.role, p.name, p.version, p.scope])).toEqual([
      ['consumes', 'Newtonsoft.Json', '13.0.3', 'runtime'],
      ['consumes', 'StyleCop.Analyzers', '1.1.118', 'build'],
      ['consumes', 'Polly', '8.3.0', 'runtime'],
      ['publishes', 'Acme.Payments.Client', '1.2.0', undefined],
    ]);
  });

  it('names a packable SDK library after its file; apps and test projects do not publish', () => {
    expect(read('Acme.Core.csproj', '<Project Sdk="Microsoft.NET.Sdk"></Project>').packages).toEqual([
      { ecosystem: 'nuget', name: 'Acme.Core', role: 'publishes', manifest: 'Acme.Core.csproj' },
    ]);
    const app =
      '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>';
    expect(read('App.csproj', app).packages).toEqual([]);
    const tests =
      '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="xunit" Version="2.7.0" /></ItemGroup></Project>';
    expect(read('Core.Tests.csproj', tests).packages.map((p) => [p.role, p.scope])).toEqual([
      ['consumes', 'test'],
    ]);
    const off =
      '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><IsPackable>false</IsPackable></PropertyGroup></Project>';
    expect(read('Internal.csproj', off).packages).toEqual([]);
  });

  it('throws on malformed XML', () => {
    expect(() => read('X.csproj', '<Project><ItemGroup></Project>')).toThrow();
  });
});

describe('readPackagesConfig', () => {
  it('consumes legacy packages', () => {
    const xml =
      '<packages><package id="log4net" version="2.0.15" /><package id="NUnit" version="3.0" developmentDependency="true" /></packages>';
    const r = readPackagesConfig({ path: 'packages.config', text: xml, files: new Map() });
    expect(r.packages.map((p) => [p.name, p.version, p.scope])).toEqual([
      ['log4net', '2.0.15', 'runtime'],
      ['NUnit', '3.0', 'dev'],
    ]);
  });
});
