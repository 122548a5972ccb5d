namespace MusicGen.Notebooks.References;

/// <summary>A parsed <c>#r "nuget: Id, Version"</c> (.NET Interactive's form; the version may be
/// omitted, meaning the newest the feeds serve).</summary>
internal sealed record NuGetReference(string Id, string? Version)
{
    public static bool TryParse(string reference, out NuGetReference package)
    {
        package = null!;
        var text = reference.Trim();
        if (!text.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)) return false;
        var parts = text["nuget:".Length..].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || parts[0].Length == 0 || parts[0].Any(c => char.IsWhiteSpace(c) || c is '/' or '\\' or '"' or '<' or '>'))
            throw new NuGetRestoreException($"#r \"{reference}\": write #r \"nuget: Package.Id, 1.2.3\".");
        var version = parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null;
        if (version is not null && version.Any(c => !(char.IsLetterOrDigit(c) || c is '.' or '-' or '+' or '*' or '[' or ']' or '(' or ')' or ',')))
            throw new NuGetRestoreException($"#r \"{reference}\": '{version}' is not a NuGet version.");
        package = new NuGetReference(parts[0], version);
        return true;
    }

    public override string ToString() => Version is null ? $"nuget: {Id}" : $"nuget: {Id}, {Version}";
}
