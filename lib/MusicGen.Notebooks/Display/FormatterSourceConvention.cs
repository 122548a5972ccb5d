using System.Collections;
using System.Reflection;

namespace MusicGen.Notebooks.Display;

/// <summary>
/// Reads the convention .NET Interactive and TorchSharp share (dotnet/interactive
/// <c>Formatter.TryRegisterFromFormatterSources</c>): any attribute whose type name is exactly
/// <c>TypeFormatterSourceAttribute</c>, in any namespace and possibly internal, found with
/// inherit = true. Its <c>FormatterSourceType</c> is created with <see cref="Activator"/>, its
/// <c>CreateTypeFormatters()</c> yields objects with <c>string MimeType</c>, one
/// <c>bool Format(object, TextWriter)</c> and optionally <c>Type Type</c>; its optional
/// <c>PreferredMimeTypes</c> becomes the type's MIME list, in that order.
/// </summary>
internal static class FormatterSourceConvention
{
    public const string AttributeName = "TypeFormatterSourceAttribute";

    /// <summary>The formatters and preferred MIME types declared for <paramref name="type"/>
    /// (empty lists when it declares none). Throws <see cref="InvalidOperationException"/>
    /// when an attribute or source does not follow the convention.</summary>
    public static (IReadOnlyList<TypeFormatterEntry> Formatters, IReadOnlyList<string> PreferredMimeTypes) Discover(Type type)
    {
        var formatters = new List<TypeFormatterEntry>();
        var preferred = new List<string>();
        foreach (var attribute in FindAttributes(type))
        {
            var attributeType = attribute.GetType();
            // Ours and .NET Interactive's say FormatterSourceType; Plotly.NET's says TypeFormatterSourceType.
            var sourceType = (attributeType.GetProperty("FormatterSourceType") ?? attributeType.GetProperty("TypeFormatterSourceType"))?.GetValue(attribute) as Type
                ?? throw new InvalidOperationException($"{attributeType.FullName} on {type.FullName} has no public Type FormatterSourceType.");
            if (attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) is string[] mimes)
            {
                foreach (var m in mimes)
                    if (!preferred.Contains(m)) preferred.Add(m);
            }
            var source = Activator.CreateInstance(sourceType, nonPublic: true)
                ?? throw new InvalidOperationException($"Cannot create formatter source {sourceType.FullName}.");
            var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{sourceType.FullName} has no public CreateTypeFormatters().");
            if (create.Invoke(source, null) is not IEnumerable created) continue;
            foreach (var f in created)
            {
                if (f is not null) formatters.Add(ToEntry(f, type));
            }
        }
        return (formatters, preferred);
    }

    private static IEnumerable<Attribute> FindAttributes(Type type)
    {
        // Walk the type, its bases (inherit: true) and its interfaces, which GetCustomAttributes skips.
        var seen = new HashSet<Attribute>(ReferenceEqualityComparer.Instance);
        foreach (var t in new[] { type }.Concat(type.GetInterfaces()))
        {
            foreach (var a in t.GetCustomAttributes(inherit: true).OfType<Attribute>())
            {
                if (a.GetType().Name == AttributeName && seen.Add(a)) yield return a;
            }
        }
    }

    private static TypeFormatterEntry ToEntry(object formatter, Type attributedType)
    {
        var t = formatter.GetType();
        var mime = t.GetProperty("MimeType")?.GetValue(formatter) as string
            ?? throw new InvalidOperationException($"Formatter {t.FullName} has no public string MimeType.");
        var target = t.GetProperty("Type")?.GetValue(formatter) as Type ?? attributedType;
        var methods = t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == "Format").ToArray();
        if (methods.Length != 1)
            throw new InvalidOperationException($"Formatter {t.FullName} must have exactly one public Format method, found {methods.Length}.");
        var method = methods[0];
        var ps = method.GetParameters();
        if (ps.Length != 2 || method.ReturnType != typeof(bool) || !ps[1].ParameterType.IsAssignableFrom(typeof(StringWriter)))
            throw new InvalidOperationException($"{t.FullName}.Format must be bool Format(object, TextWriter).");
        Func<object, TextWriter, bool> write = ps[0].ParameterType == typeof(object) && ps[1].ParameterType == typeof(TextWriter)
            ? method.CreateDelegate<Func<object, TextWriter, bool>>(formatter)
            : (value, writer) => ps[0].ParameterType.IsInstanceOfType(value) && (bool)method.Invoke(formatter, [value, writer])!;
        return new TypeFormatterEntry(target, mime, write);
    }
}
