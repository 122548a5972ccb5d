using System.Text.Json;
using MusicGen.Formatting;
using MusicGen.IO;

namespace MusicGen.Representations;

/// <summary>
/// Token ↔ id map. Two orders from the seeds: <see cref="Ordinal"/> = Python's
/// <c>sorted(set(tokens))</c> (Medisetty / Classical-Piano-Composer, SOURCES.md §1.2:
/// code-point order, i.e. <see cref="StringComparer.Ordinal"/>, never culture-aware) and
/// <see cref="FirstSeen"/> (Lorinczi &amp; Brailovsky's NotesHash, §2.2: ids in order of first
/// appearance; <see cref="Add"/> keeps growing it). Saved as JSON
/// <c>{"order": "ordinal"|"first-seen", "tokens": [...]}</c> where a token's id is its index.
/// </summary>
[TypeFormatterSource(typeof(RepresentationFormatterSource), PreferredMimeTypes = new[] { "text/plain" })]
public sealed class Vocabulary
{
    private readonly List<string> _tokens = new();
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    private Vocabulary(string order) => Order = order;

    /// <summary>"ordinal" or "first-seen".</summary>
    public string Order { get; }

    public int Count => _tokens.Count;

    /// <summary>The token of <paramref name="id"/>.</summary>
    public string this[int id] => (uint)id < (uint)_tokens.Count
        ? _tokens[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"vocabulary has {_tokens.Count} tokens.");

    /// <summary>Tokens in id order.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary><c>sorted(set(tokens))</c> with ordinal (code-point) comparison.</summary>
    public static Vocabulary Ordinal(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var v = new Vocabulary("ordinal");
        foreach (var t in tokens.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) v.Append(t);
        return v;
    }

    /// <summary>Ids in order of first appearance.</summary>
    public static Vocabulary FirstSeen(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var v = new Vocabulary("first-seen");
        foreach (var t in tokens) v.Add(t);
        return v;
    }

    /// <summary>The id of <paramref name="token"/>; a new token gets the next id (first-seen
    /// vocabularies only: an ordinal vocabulary is fixed once built).</summary>
    public int Add(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_ids.TryGetValue(token, out var id)) return id;
        if (Order == "ordinal") throw new InvalidOperationException($"token '{token}' is not in this ordinal vocabulary; build it from all tokens first.");
        return Append(token);
    }

    private int Append(string token)
    {
        _ids.Add(token, _tokens.Count);
        _tokens.Add(token);
        return _tokens.Count - 1;
    }

    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>The id of a known token; throws <see cref="KeyNotFoundException"/> naming it otherwise.</summary>
    public int IndexOf(string token) => _ids.TryGetValue(token, out var id) ? id : throw new KeyNotFoundException($"token '{token}' is not in the vocabulary.");

    public int[] Encode(IEnumerable<string> tokens) => tokens.Select(IndexOf).ToArray();

    public string[] Decode(IEnumerable<int> ids) => ids.Select(i => this[i]).ToArray();

    /// <summary>Writes the JSON form (temp file + rename).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var json = JsonSerializer.Serialize(new { order = Order, tokens = _tokens }, new JsonSerializerOptions { WriteIndented = false });
        var full = Path.GetFullPath(path);
        AtomicFile.WriteAllText(full, json + "\n");
    }

    /// <summary>Reads the JSON form written by <see cref="Save"/>.</summary>
    public static Vocabulary Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var order = doc.RootElement.GetProperty("order").GetString();
            if (order is not ("ordinal" or "first-seen")) throw new FormatException($"unknown order '{order}'.");
            var v = new Vocabulary(order);
            foreach (var t in doc.RootElement.GetProperty("tokens").EnumerateArray())
            {
                var s = t.GetString() ?? throw new FormatException("a token is null.");
                if (v._ids.ContainsKey(s)) throw new FormatException($"token '{s}' appears twice.");
                v.Append(s);
            }
            return v;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"{path}: not a vocabulary file ({e.Message})", e);
        }
    }

    public override string ToString() => $"Vocabulary(order={Order}, tokens={Count})";

    /// <summary>A summary with the first <paramref name="maxTokens"/> tokens and their ids.</summary>
    public string ToText(int maxTokens = 12) =>
        ToString() + Environment.NewLine
        + string.Join(", ", _tokens.Take(maxTokens).Select((t, i) => $"{i}: {t}"))
        + (Count > maxTokens ? ", …" : "");
}
