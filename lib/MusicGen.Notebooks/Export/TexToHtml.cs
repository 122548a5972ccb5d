using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MusicGen.Notebooks.Export;

/// <summary>
/// Renders the small part of TeX that notebook markdown uses for formulas into plain HTML, so the
/// static export reads like mathematics without shipping a script: superscripts and subscripts
/// (<c>x^{2}</c>, <c>p_{t,k}</c>), <c>\frac{a}{b}</c> as a stacked fraction, <c>\sqrt</c>,
/// <c>\mathrm</c>/<c>\text</c>/<c>\operatorname</c> upright, <c>\mathcal</c>, accents (<c>\hat y</c>),
/// Greek letters, operators and relations. Letters are set in italic as TeX does. A command it does not
/// know is shown as its name, so nothing is silently dropped.
/// </summary>
public static partial class TexToHtml
{
    private static readonly Dictionary<string, string> s_symbols = new(StringComparer.Ordinal)
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ϵ", ["varepsilon"] = "ε",
        ["zeta"] = "ζ", ["eta"] = "η", ["theta"] = "θ", ["iota"] = "ι", ["kappa"] = "κ", ["lambda"] = "λ", ["mu"] = "μ",
        ["nu"] = "ν", ["xi"] = "ξ", ["pi"] = "π", ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ", ["phi"] = "ϕ",
        ["varphi"] = "φ", ["chi"] = "χ", ["psi"] = "ψ", ["omega"] = "ω", ["Gamma"] = "Γ", ["Delta"] = "Δ",
        ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Pi"] = "Π", ["Sigma"] = "Σ", ["Phi"] = "Φ", ["Psi"] = "Ψ", ["Omega"] = "Ω",
        ["cdot"] = "·", ["times"] = "×", ["div"] = "÷", ["pm"] = "±", ["mp"] = "∓", ["sum"] = "∑", ["prod"] = "∏",
        ["int"] = "∫", ["approx"] = "≈", ["sim"] = "∼", ["neq"] = "≠", ["ne"] = "≠", ["leq"] = "≤", ["le"] = "≤",
        ["geq"] = "≥", ["ge"] = "≥", ["ll"] = "≪", ["gg"] = "≫", ["in"] = "∈", ["notin"] = "∉", ["subset"] = "⊂",
        ["cup"] = "∪", ["cap"] = "∩", ["infty"] = "∞", ["to"] = "→", ["rightarrow"] = "→", ["leftarrow"] = "←",
        ["Rightarrow"] = "⇒", ["mapsto"] = "↦", ["partial"] = "∂", ["nabla"] = "∇", ["propto"] = "∝", ["equiv"] = "≡",
        ["dots"] = "…", ["ldots"] = "…", ["cdots"] = "⋯", ["|"] = "‖", ["Vert"] = "‖", ["lVert"] = "‖", ["rVert"] = "‖",
        ["vert"] = "|", ["lvert"] = "|", ["rvert"] = "|", ["{"] = "{", ["}"] = "}", ["%"] = "%", ["$"] = "$", ["_"] = "_",
        ["&"] = "&", ["#"] = "#", ["langle"] = "⟨", ["rangle"] = "⟩", ["lfloor"] = "⌊", ["rfloor"] = "⌋",
        ["lceil"] = "⌈", ["rceil"] = "⌉", ["circ"] = "∘", ["star"] = "⋆", ["ast"] = "∗", ["forall"] = "∀", ["exists"] = "∃",
        [","] = "\u2009", [";"] = "\u2005", [":"] = "\u2005", ["!"] = "", [" "] = " ", ["quad"] = "\u2003", ["qquad"] = "\u2003\u2003",
        ["\\"] = "<br>",
    };

    // Upright function names (\ln x, \max_i).
    private static readonly HashSet<string> s_functions = new(StringComparer.Ordinal)
    {
        "ln", "log", "exp", "max", "min", "sin", "cos", "tan", "tanh", "arg", "argmax", "argmin", "det", "lim", "sup", "inf", "mod", "Pr",
    };

    // Sizing and spacing commands that only matter to TeX's typesetting: dropped.
    private static readonly HashSet<string> s_ignored = new(StringComparer.Ordinal)
    {
        "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "displaystyle", "textstyle", "limits", "nolimits",
    };

    private static readonly Dictionary<string, char> s_accents = new(StringComparer.Ordinal)
    {
        ["hat"] = '\u0302', ["widehat"] = '\u0302', ["bar"] = '\u0304', ["overline"] = '\u0305', ["tilde"] = '\u0303',
        ["vec"] = '\u20D7', ["dot"] = '\u0307', ["ddot"] = '\u0308',
    };

    /// <summary>The HTML of one formula (the text between the dollar signs, not HTML-escaped yet).</summary>
    public static string Render(string tex)
    {
        var sb = new StringBuilder();
        var i = 0;
        RenderUntil(tex, ref i, sb, stopAtBrace: false);
        // Spaces from the source and around relations meet: one is enough.
        return MultipleSpaces().Replace(sb.ToString(), " ").Trim();
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultipleSpaces();

    private static void RenderUntil(string tex, ref int i, StringBuilder sb, bool stopAtBrace)
    {
        while (i < tex.Length)
        {
            var c = tex[i];
            if (c == '}' && stopAtBrace) { i++; return; }
            switch (c)
            {
                case '{':
                    i++;
                    RenderUntil(tex, ref i, sb, stopAtBrace: true);
                    break;
                case '^':
                case '_':
                    i++;
                    sb.Append(c == '^' ? "<sup>" : "<sub>").Append(Argument(tex, ref i).Trim()).Append(c == '^' ? "</sup>" : "</sub>");
                    break;
                case '\\':
                    Command(tex, ref i, sb);
                    break;
                case '\'':
                    sb.Append('′');
                    i++;
                    break;
                case '-':
                    sb.Append('−');
                    i++;
                    break;
                case '\n':
                case '\r':
                case ' ':
                case '\t':
                    // TeX ignores spaces in math; keep one so words do not run together in plain HTML.
                    if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
                    i++;
                    break;
                default:
                    if (char.IsAsciiLetter(c)) sb.Append("<i>").Append(c).Append("</i>");
                    else if (c is '=' or '<' or '>' or '+') sb.Append(' ').Append(WebUtility.HtmlEncode(c.ToString())).Append(' ');
                    else sb.Append(WebUtility.HtmlEncode(c.ToString()));
                    i++;
                    break;
            }
        }
    }

    /// <summary>One argument: a braced group, a command, or a single character.</summary>
    private static string Argument(string tex, ref int i)
    {
        while (i < tex.Length && tex[i] == ' ') i++;
        if (i >= tex.Length) return "";
        var sb = new StringBuilder();
        if (tex[i] == '{')
        {
            i++;
            RenderUntil(tex, ref i, sb, stopAtBrace: true);
        }
        else if (tex[i] == '\\') Command(tex, ref i, sb);
        else
        {
            var c = tex[i++];
            sb.Append(char.IsAsciiLetter(c) ? $"<i>{c}</i>" : WebUtility.HtmlEncode(c == '-' ? "−" : c.ToString()));
        }
        return sb.ToString();
    }

    /// <summary>The raw text of a braced argument (for \text{…}, \mathrm{…}).</summary>
    private static string RawArgument(string tex, ref int i)
    {
        while (i < tex.Length && tex[i] == ' ') i++;
        if (i >= tex.Length) return "";
        if (tex[i] != '{') return tex[i++].ToString();
        var depth = 0;
        var start = i + 1;
        for (; i < tex.Length; i++)
        {
            if (tex[i] == '{') depth++;
            else if (tex[i] == '}' && --depth == 0) break;
        }
        var text = tex[start..Math.Min(i, tex.Length)];
        i = Math.Min(i + 1, tex.Length);
        return text;
    }

    // Mathematical script capitals; eight of them live in Letterlike Symbols, not in the U+1D49C block.
    private static string Script(char c) => c switch
    {
        'B' => "ℬ", 'E' => "ℰ", 'F' => "ℱ", 'H' => "ℋ", 'I' => "ℐ", 'L' => "ℒ", 'M' => "ℳ", 'R' => "ℛ",
        >= 'A' and <= 'Z' => char.ConvertFromUtf32(0x1D49C + (c - 'A')),
        _ => c.ToString(),
    };

    private static void Command(string tex, ref int i, StringBuilder sb)
    {
        i++; // the backslash
        if (i >= tex.Length) return;
        string name;
        if (char.IsAsciiLetter(tex[i]))
        {
            var start = i;
            while (i < tex.Length && char.IsAsciiLetter(tex[i])) i++;
            name = tex[start..i];
        }
        else name = tex[i++].ToString();

        if (s_ignored.Contains(name)) return;
        if (s_symbols.TryGetValue(name, out var symbol))
        {
            var spaced = symbol is "≈" or "≤" or "≥" or "≠" or "∈" or "→" or "×" or "∼" or "≡" or "∝" or "⇒" or "↦";
            sb.Append(spaced ? $" {symbol} " : symbol);
            return;
        }
        if (s_functions.Contains(name))
        {
            sb.Append("<span class=\"mop\">").Append(name).Append("</span> ");
            return;
        }
        if (s_accents.TryGetValue(name, out var accent))
        {
            // A combining mark after the base letter(s): ŷ, x̄.
            sb.Append(Argument(tex, ref i)).Append(accent);
            return;
        }
        switch (name)
        {
            case "frac":
            case "dfrac":
            case "tfrac":
                var numerator = Argument(tex, ref i);
                var denominator = Argument(tex, ref i);
                sb.Append("<span class=\"frac\"><span class=\"fnum\">").Append(numerator)
                  .Append("</span><span class=\"fden\">").Append(denominator).Append("</span></span>");
                return;
            case "sqrt":
                sb.Append("√<span class=\"radicand\">").Append(Argument(tex, ref i)).Append("</span>");
                return;
            case "mathrm":
            case "text":
            case "textrm":
            case "operatorname":
            case "mathsf":
            case "textit":
                var upright = new StringBuilder();
                var k = 0;
                var inner = RawArgument(tex, ref i);
                if (name == "text" || name == "textrm" || name == "textit") upright.Append(WebUtility.HtmlEncode(inner));
                else RenderUntil(inner, ref k, upright, stopAtBrace: false);
                sb.Append("<span class=\"mrm\">").Append(upright.ToString().Replace("<i>", "").Replace("</i>", "")).Append("</span>");
                return;
            case "mathbf":
            case "boldsymbol":
            case "textbf":
                sb.Append("<b>").Append(Argument(tex, ref i)).Append("</b>");
                return;
            case "mathcal":
            case "mathscr":
                var letters = RawArgument(tex, ref i);
                foreach (var ch in letters) sb.Append(Script(ch));
                return;
            case "mathbb":
                foreach (var ch in RawArgument(tex, ref i))
                    sb.Append(ch switch { 'R' => "ℝ", 'N' => "ℕ", 'Z' => "ℤ", 'Q' => "ℚ", 'C' => "ℂ", 'E' => "𝔼", 'P' => "ℙ", _ => ch.ToString() });
                return;
            default:
                // Unknown: keep its name visible rather than losing it.
                sb.Append("<span class=\"mcmd\">").Append(WebUtility.HtmlEncode(name)).Append("</span>");
                return;
        }
    }
}
