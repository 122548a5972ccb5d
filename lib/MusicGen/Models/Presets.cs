using System.Reflection;

namespace MusicGen.Models;

/// <summary>
/// The registry of presets: every non-abstract subclass of <see cref="Preset"/> in this assembly that has a public
/// parameterless constructor, ordered by id (so adding a preset is adding a class).
/// </summary>
public static class Presets
{
    static readonly Lazy<Type[]> s_types = new(() => typeof(Preset).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Preset)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is { IsPublic: true })
        .ToArray());

    static readonly Lazy<Dictionary<string, Type>> s_byId = new(() =>
    {
        var map = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var t in s_types.Value)
        {
            var id = ((Preset)Activator.CreateInstance(t)!).Id;
            if (!map.TryAdd(id, t)) throw new InvalidOperationException($"two presets share the id '{id}': {map[id].Name} and {t.Name}");
        }
        return map;
    });

    /// <summary>The ids of every preset, ordinal order.</summary>
    public static IReadOnlyList<string> Ids => s_byId.Value.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

    /// <summary>A new instance of every preset (default options), ordered by id.</summary>
    public static IReadOnlyList<Preset> All => Ids.Select(Get).ToArray();

    /// <summary>A new instance of preset <paramref name="id"/> with its default options.</summary>
    /// <exception cref="ArgumentException">No preset has that id (the message lists the known ones).</exception>
    public static Preset Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!s_byId.Value.TryGetValue(id, out var t))
            throw new ArgumentException($"unknown preset '{id}'; known: {string.Join(", ", Ids)}", nameof(id));
        return (Preset)Activator.CreateInstance(t)!;
    }
}
