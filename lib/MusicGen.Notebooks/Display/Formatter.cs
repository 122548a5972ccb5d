using System.Collections;
using System.Collections.Concurrent;

namespace MusicGen.Notebooks.Display;

/// <summary>
/// Turns any value into a <see cref="MimeBundle"/> for <c>display(x)</c> and a cell's value.
/// <c>text/plain</c> is always present (the Jupyter spec asks for a plain form; .NET Interactive
/// often omits it, which we avoid). For each MIME type the first formatter that accepts the value
/// wins, in this order: user registrations (<c>Register&lt;T&gt;</c>, latest first), formatters
/// declared by a <c>TypeFormatterSourceAttribute</c> on the type (discovered by name, see
/// <see cref="FormatterSourceConvention"/>) or known to us for package types without it
/// (<see cref="KnownTypeFormatters"/>: DataFrame, Plotly.NET, XPlot), then the defaults (plain text; an HTML table for
/// sequences of records). What a type declares is cached per type.
/// </summary>
public static class Formatter
{
    private static readonly ConcurrentDictionary<Type, TypeFormatting> s_cache = new();
    private static readonly object s_lock = new();
    private static TypeFormatterEntry[] s_user = [];

    private sealed record TypeFormatting(IReadOnlyList<TypeFormatterEntry> Formatters, IReadOnlyList<string> PreferredMimeTypes);

    /// <summary>Formats <paramref name="value"/> into every MIME type it offers.</summary>
    public static MimeBundle Format(object? value)
    {
        if (value is null) return MimeBundle.PlainText("null");
        if (value is MimeBundle ready) return EnsurePlainText(ready, value);
        var type = value.GetType();
        var declared = GetTypeFormatting(type);
        var user = Volatile.Read(ref s_user).Where(e => e.Type.IsAssignableFrom(type)).Reverse().ToArray();

        var mimes = new List<string>();
        void Want(string m)
        {
            if (!mimes.Contains(m)) mimes.Add(m);
        }
        foreach (var m in declared.PreferredMimeTypes) Want(m);
        if (declared.PreferredMimeTypes.Count == 0)
        {
            // No preference declared: everything the type can do, plain text first.
            Want("text/plain");
            foreach (var f in declared.Formatters) Want(f.MimeType);
            if (HtmlTableFormatter.Applies(value)) Want("text/html");
        }
        foreach (var u in user) Want(u.MimeType);

        var bundle = new MimeBundle();
        foreach (var mime in mimes)
        {
            var text = TryFormat(value, mime, user, declared.Formatters);
            if (text is not null) bundle[mime] = text;
        }
        return EnsurePlainText(bundle, value);
    }

    /// <summary>The value's <c>text/plain</c> form alone.</summary>
    public static string ToPlainText(object? value)
    {
        if (value is null) return "null";
        var type = value.GetType();
        var user = Volatile.Read(ref s_user).Where(e => e.Type.IsAssignableFrom(type)).Reverse().ToArray();
        return TryFormat(value, "text/plain", user, GetTypeFormatting(type).Formatters) ?? PlainTextFormatter.Format(value);
    }

    /// <summary>Registers <paramref name="format"/> for <typeparamref name="T"/> and its subtypes in
    /// <paramref name="mimeType"/>; it is tried before any formatter the type declares.</summary>
    public static void Register<T>(string mimeType, Func<T, string> format)
    {
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        ArgumentNullException.ThrowIfNull(format);
        Register(new TypeFormatterEntry(typeof(T), mimeType, (o, w) =>
        {
            if (o is not T t) return false;
            w.Write(format(t));
            return true;
        }));
    }

    /// <summary>Registers a formatter that may decline by returning false.</summary>
    public static void Register<T>(string mimeType, Func<T, TextWriter, bool> format)
    {
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        ArgumentNullException.ThrowIfNull(format);
        Register(new TypeFormatterEntry(typeof(T), mimeType, (o, w) => o is T t && format(t, w)));
    }

    private static void Register(TypeFormatterEntry entry)
    {
        lock (s_lock) Volatile.Write(ref s_user, [.. s_user, entry]);
    }

    /// <summary>Forgets user registrations and the per-type cache (types are scanned again).</summary>
    public static void ResetToDefault()
    {
        lock (s_lock) Volatile.Write(ref s_user, []);
        s_cache.Clear();
    }

    /// <summary>The MIME types the type prefers, from its <c>TypeFormatterSourceAttribute</c>
    /// (empty when it declares none).</summary>
    public static IReadOnlyList<string> GetPreferredMimeTypes(Type type) => GetTypeFormatting(type).PreferredMimeTypes;

    private static TypeFormatting GetTypeFormatting(Type type) => s_cache.GetOrAdd(type, static t =>
    {
        // Package types whose own display needs .NET Interactive or a CDN (DataFrame, Plotly.NET
        // and XPlot charts) take ours first; everything else its declared formatters.
        var (formatters, preferred) = KnownTypeFormatters.Discover(t);
        if (formatters.Count == 0) (formatters, preferred) = FormatterSourceConvention.Discover(t);
        return new TypeFormatting(formatters, preferred);
    });

    private static string? TryFormat(object value, string mime, IEnumerable<TypeFormatterEntry> user, IEnumerable<TypeFormatterEntry> declared)
    {
        var type = value.GetType();
        foreach (var f in user.Concat(declared))
        {
            if (f.MimeType != mime || !f.Type.IsAssignableFrom(type)) continue;
            var w = new StringWriter();
            if (f.Write(value, w)) return w.ToString();
        }
        return mime switch
        {
            "text/plain" => PlainTextFormatter.Format(value),
            "text/html" when HtmlTableFormatter.Applies(value) => HtmlTableFormatter.Format((IEnumerable)value),
            _ => null,
        };
    }

    private static MimeBundle EnsurePlainText(MimeBundle bundle, object value)
    {
        if (bundle.Contains("text/plain")) return bundle;
        var withPlain = new MimeBundle { ["text/plain"] = value is MimeBundle ? "" : PlainTextFormatter.Format(value) };
        foreach (var (m, t) in bundle) withPlain[m] = t;
        return withPlain;
    }
}
