namespace MusicGen.Audio;

/// <summary>
/// Which SoundFont audio cells play with: the file named by <c>MUSICGEN_SOUNDFONT</c> (set it to
/// <c>none</c> to force the additive synthesizer), else Debian's General MIDI bank
/// (<c>fluid-soundfont-gm</c>: /usr/share/sounds/sf2/FluidR3_GM.sf2), else none. The loaded file is
/// kept for the process (its presets are small; sample points are read on first use).
/// </summary>
public static class SoundFontLocator
{
    public const string EnvironmentVariable = "MUSICGEN_SOUNDFONT";

    public const string DebianPath = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    static readonly Lock gate = new();
    static string? loadedPath;
    static (SoundFont? Font, string Note) loaded;

    /// <summary>The SoundFont to use, or null with the reason (for the caption: "no SoundFont found …",
    /// "MUSICGEN_SOUNDFONT=…: no such file", a parse error).</summary>
    public static (SoundFont? Font, string Note) Default()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        string? path;
        if (string.Equals(env, "none", StringComparison.OrdinalIgnoreCase)) return (null, $"{EnvironmentVariable}=none");
        else if (!string.IsNullOrEmpty(env))
        {
            if (!File.Exists(env)) return (null, $"{EnvironmentVariable}={env}: no such file");
            path = env;
        }
        else if (File.Exists(DebianPath)) path = DebianPath;
        else return (null, $"no SoundFont: set {EnvironmentVariable} or install fluid-soundfont-gm");
        lock (gate)
        {
            if (loadedPath != path)
            {
                try { loaded = (SoundFont.Load(path), ""); }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException) { loaded = (null, e.Message); }
                loadedPath = path;
            }
            return loaded;
        }
    }
}
