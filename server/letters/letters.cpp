#include "server/letters/letters.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "shared/names.h"
#include "shared/password.h"
#include "shared/utf8.h"

namespace sesame::letters {

namespace {

// French typography, as the web client writes it: a no-break space (U+00A0)
// before ":" and "?", and inside « ».
std::string colon(std::string_view label) { return std::string(label) + "\u00A0: "; }
std::string quoted(std::string_view text) { return "«\u00A0" + std::string(text) + "\u00A0»"; }

// What the school's data holds is printed as text, never interpreted: invalid
// UTF-8 becomes U+FFFD and a control character (a tab, a line break) a space,
// so that no field can break the page's layout.
std::string printable(std::string_view text) {
  std::string clean;
  for (char32_t c : decode_utf8_lossy(text)) append_utf8(clean, is_control_character(c) ? U' ' : c);
  return trim(clean);
}

// "Doit contenir 1 caractère spécial parmi ! ? …" -> "1 caractère spécial parmi "
// and the specials, apart: the rule as the password screen's checklist words it.
std::vector<Span> rule_spans(PasswordRule rule) {
  std::string_view label = password_rule_label(rule);
  constexpr std::string_view kPrefix = "Doit contenir ";
  if (label.starts_with(kPrefix)) label.remove_prefix(kPrefix.size());
  constexpr std::string_view kAmong = " parmi ";
  if (const auto among = label.find(kAmong); among != std::string_view::npos) {
    const auto end = among + kAmong.size();
    return {{std::string(label.substr(0, end))}, {std::string(label.substr(end)), true}};
  }
  return {{std::string(label)}};
}

}  // namespace

std::string Paragraph::text() const {
  std::string all = marker.empty() ? "" : marker + " ";
  for (const Span& span : spans) all += span.text;
  return all;
}

std::vector<Paragraph> letter_paragraphs(const Letter& letter) {
  const std::string pupil = printable(letter.first_name) + " " + upper_name(printable(letter.last_name));
  std::vector<Paragraph> page;
  page.push_back({Style::SchoolName, "", {{printable(letter.school_name)}}});
  page.push_back({Style::SchoolDetail, "", {{printable(letter.school_city)}}});
  page.push_back({Style::SchoolDetail, "", {{colon("UAI") + printable(letter.school_uai)}}});

  page.push_back({Style::Title, "", {{"Votre compte ÉduConnect"}}});
  page.push_back({Style::Intro,
                  "",
                  {{"Voici votre identifiant et votre mot de passe provisoire pour vous connecter "
                    "pour la première fois à l’ENT, l’espace numérique de travail de votre "
                    "établissement."}}});

  if (letter.recipient == Recipient::parent) {
    page.push_back({Style::Pupil, "", {{colon("Responsable légal")}, {pupil, true}}});
    for (const std::string& child : letter.children)
      page.push_back({Style::Pupil, "", {{colon("Élève")}, {printable(child), true}}});
  } else {
    page.push_back({Style::Pupil, "", {{colon("Élève")}, {pupil, true}}});
    if (letter.class_name && !printable(*letter.class_name).empty()) {
      page.push_back({Style::Pupil, "", {{colon("Classe")}, {printable(*letter.class_name), true}}});
    }
  }

  page.push_back({Style::Credential, "", {{colon("Identifiant")}, {printable(letter.identifier), true}}});
  page.push_back({Style::Credential,
                  "",
                  {{colon("Mot de passe provisoire")}, {printable(letter.temporary_password), true}}});
  page.push_back({Style::Validity,
                  "",
                  {{"Ce mot de passe provisoire est valable jusqu’au "},
                   {letter.expires_on.french(), true},
                   {" et ne sert qu’une fois. Les tirets et les majuscules ne comptent pas."}}});

  page.push_back({Style::Heading, "", {{"Pour votre première connexion"}}});
  page.push_back(
      {Style::Step, "1.", {{"Dans un navigateur, ouvrez l’adresse "}, {printable(letter.address), true}}});
  const bool parent = letter.recipient == Recipient::parent;
  page.push_back({Style::Step,
                  "2.",
                  {{"Choisissez " + quoted(parent ? "Représentant légal (parents)" : "Élève") +
                    ", puis connectez-vous avec l’identifiant et le mot de passe provisoire ci-dessus."}}});
  page.push_back({Style::Step,
                  "3.",
                  {{parent ? "Confirmez que vous êtes le représentant légal de chaque élève, et sa date de "
                             "naissance."
                           : "Confirmez votre date de naissance."}}});
  page.push_back({Style::Step, "4.", {{"Choisissez votre nouveau mot de passe. Il doit contenir\u00A0:"}}});
  // The five rules in the checklist's order, which any check's results keep.
  for (const PasswordRuleStatus& status : check_password("").rules) {
    page.push_back({Style::Rule, "•", rule_spans(status.rule)});
  }
  page.push_back({Style::Body,
                  "",
                  {{"Ensuite, connectez-vous avec le même identifiant et votre nouveau mot de passe."}}});

  page.push_back(
      {Style::Important,
       "",
       {{"Gardez cette lettre en lieu sûr\u00A0: ne communiquez votre mot de passe à personne."}}});
  page.push_back({Style::Note,
                  "",
                  {{parent ? "Mot de passe oublié\u00A0? Sur l’écran de connexion, choisissez " +
                                 quoted("Mot de passe oublié\u00A0?") +
                                 ", ou demandez une nouvelle lettre à l’établissement."
                           : std::string("Mot de passe oublié\u00A0? Demandez un nouveau mot de passe provisoire à "
                                         "l’un de vos parents (depuis son compte ENT) ou à votre établissement.")}}});
  return page;
}

std::vector<std::string> letter_text(const Letter& letter) {
  std::vector<std::string> text;
  for (const Paragraph& paragraph : letter_paragraphs(letter)) text.push_back(paragraph.text());
  return text;
}

namespace {

// ---- Cairo and Pango objects, freed by their owners -------------------------

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct GObjectDeleter {
  void operator()(void* object) const { g_object_unref(object); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
struct AttrListDeleter {
  void operator()(PangoAttrList* list) const { pango_attr_list_unref(list); }
};
struct TabsDeleter {
  void operator()(PangoTabArray* tabs) const { pango_tab_array_free(tabs); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Cairo = std::unique_ptr<cairo_t, CairoDeleter>;
using FontMap = std::unique_ptr<PangoFontMap, GObjectDeleter>;
using Context = std::unique_ptr<PangoContext, GObjectDeleter>;
using Layout = std::unique_ptr<PangoLayout, GObjectDeleter>;
using Font = std::unique_ptr<PangoFontDescription, FontDeleter>;
using AttrList = std::unique_ptr<PangoAttrList, AttrListDeleter>;
using Tabs = std::unique_ptr<PangoTabArray, TabsDeleter>;

// ---- The page ---------------------------------------------------------------

// A4 portrait in PDF points (1/72 inch), 2 cm margins.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56.69;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kBottom = kPageHeight - kMargin;

struct Colour {
  double r, g, b;
};
constexpr Colour kInk{0.10, 0.10, 0.12};
constexpr Colour kGrey{0.33, 0.33, 0.36};
constexpr Colour kBlue{0.09, 0.23, 0.43};
constexpr Colour kBoxFill{0.93, 0.95, 0.98};
constexpr Colour kAccent{0.80, 0.33, 0.05};
constexpr Colour kAccentFill{0.99, 0.95, 0.91};

// How each style is set: fonts, colour, space after (points), left indent.
struct Look {
  const char* font;
  const char* emphasis_font;
  Colour colour;
  double space_after;
  double indent = 0;
};

// A step's number, then its text; a rule's bullet, then its text.
constexpr double kStepColumn = 20;
constexpr double kBulletColumn = 13;

Look look_of(Style style) {
  switch (style) {
    case Style::SchoolName:
      return {"DejaVu Sans Bold 13", "DejaVu Sans Bold 13", kInk, 3};
    case Style::SchoolDetail:
      return {"DejaVu Sans 10", "DejaVu Sans 10", kGrey, 1};
    case Style::Title:
      return {"DejaVu Sans Bold 22", "DejaVu Sans Bold 22", kBlue, 10};
    case Style::Intro:
      return {"DejaVu Sans 11", "DejaVu Sans Bold 11", kInk, 20};
    case Style::Pupil:
      return {"DejaVu Sans 12", "DejaVu Sans Bold 12", kInk, 5};
    case Style::Credential:
      return {"DejaVu Sans 11", "DejaVu Sans Mono Bold 18", kInk, 10};
    case Style::Validity:
      return {"DejaVu Sans 11", "DejaVu Sans Bold 11", kInk, 30};
    case Style::Heading:
      return {"DejaVu Sans Bold 14", "DejaVu Sans Bold 14", kBlue, 12};
    case Style::Step:
      return {"DejaVu Sans 11", "DejaVu Sans Mono Bold 11", kInk, 8, kStepColumn};
    case Style::Rule:
      return {"DejaVu Sans 11", "DejaVu Sans Mono Bold 11", kInk, 4, kStepColumn + kBulletColumn + 6};
    case Style::Body:
      return {"DejaVu Sans 11", "DejaVu Sans Bold 11", kInk, 24};
    case Style::Important:
      return {"DejaVu Sans Bold 11", "DejaVu Sans Bold 11", kInk, 18};
    case Style::Note:
      return {"DejaVu Sans 11", "DejaVu Sans Bold 11", kInk, 0};
  }
  return {"DejaVu Sans 11", "DejaVu Sans Bold 11", kInk, 0};
}

int pango_units(double points) { return static_cast<int>(points * PANGO_SCALE + 0.5); }
double points(int units) { return static_cast<double>(units) / PANGO_SCALE; }

Font font(const char* description) { return Font(pango_font_description_from_string(description)); }

// Lays one letter out on a page, top to bottom. The same letter can be laid
// out without drawing, to learn whether it fits; `spacing` scales the blank
// space between paragraphs, so that a letter with very long names can be
// tightened to stay on its page.
class PageWriter {
 public:
  PageWriter(cairo_t* cr, PangoContext* pango, double spacing, bool draw)
      : cr_(cr), pango_(pango), spacing_(spacing), draw_(draw) {}

  // False when the text went past the bottom margin.
  bool write(const std::vector<Paragraph>& paragraphs) {
    for (std::size_t i = 0; i < paragraphs.size();) {
      const Style style = paragraphs[i].style;
      std::size_t end = i;
      while (end < paragraphs.size() && paragraphs[end].style == style) ++end;
      write_group(style, std::vector<Paragraph>(paragraphs.begin() + i, paragraphs.begin() + end));
      i = end;
    }
    return y_ <= kBottom;
  }

 private:
  void skip(double points) { y_ += points * spacing_; }

  void write_group(Style style, const std::vector<Paragraph>& group) {
    if (style == Style::Credential) return write_box(group);
    if (style == Style::Important) return write_important(group);
    for (const Paragraph& paragraph : group) write_paragraph(paragraph);
    if (style == Style::SchoolDetail) write_header_rule();
    if (style == Style::Rule) skip(10);
  }

  // A layout of `paragraph` wrapped to `width`, emphasized runs in their font.
  // In the credentials' box a tab, not a space, leads to the value.
  Layout layout(const Paragraph& paragraph, double width, bool tab_before_emphasis = false) {
    const Look look = look_of(paragraph.style);
    Layout layout(pango_layout_new(pango_));
    const Font base = font(look.font);
    pango_layout_set_font_description(layout.get(), base.get());
    pango_layout_set_width(layout.get(), pango_units(width));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);  // a long address breaks anywhere
    pango_layout_set_line_spacing(layout.get(), 1.25F);

    std::string text;
    AttrList attributes(pango_attr_list_new());
    for (const Span& span : paragraph.spans) {
      if (!span.emphasis) {
        text += span.text;
        continue;
      }
      if (tab_before_emphasis) {
        while (text.ends_with(' ')) text.pop_back();
        text += '\t';
      }
      const Font emphasis = font(look.emphasis_font);
      PangoAttribute* attribute = pango_attr_font_desc_new(emphasis.get());
      attribute->start_index = static_cast<guint>(text.size());
      text += span.text;
      attribute->end_index = static_cast<guint>(text.size());
      pango_attr_list_insert(attributes.get(), attribute);  // the list owns it now
    }
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    pango_layout_set_attributes(layout.get(), attributes.get());
    return layout;
  }

  static double height(PangoLayout* layout) {
    int width = 0, height = 0;
    pango_layout_get_size(layout, &width, &height);
    return points(height);
  }

  void set_colour(Colour colour) { cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b); }

  void show(PangoLayout* layout, double x, double y, Colour colour) {
    if (!draw_) return;
    set_colour(colour);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }

  void write_paragraph(const Paragraph& paragraph) {
    const Look look = look_of(paragraph.style);
    const double x = kMargin + look.indent;
    const Layout text = layout(paragraph, kContentWidth - look.indent);
    if (!paragraph.marker.empty()) write_marker(paragraph, text.get(), x);
    show(text.get(), x, y_, look.colour);
    y_ += height(text.get());
    skip(look.space_after);
  }

  // A step's number, in bold, or a rule's bullet, left of the text and on the
  // baseline of its first line.
  void write_marker(const Paragraph& paragraph, PangoLayout* text, double text_x) {
    if (!draw_) return;
    const bool step = paragraph.style == Style::Step;
    const Layout marker = layout({paragraph.style, "", {{paragraph.marker}}}, kStepColumn);
    if (step) pango_layout_set_font_description(marker.get(), font("DejaVu Sans Bold 11").get());
    const double shift = points(pango_layout_get_baseline(text) - pango_layout_get_baseline(marker.get()));
    show(marker.get(), text_x - (step ? kStepColumn : kBulletColumn), y_ + shift, step ? kBlue : kInk);
  }

  void write_header_rule() {
    skip(10);
    if (draw_) {
      set_colour(kBlue);
      cairo_set_line_width(cr_, 1.5);
      cairo_move_to(cr_, kMargin, y_);
      cairo_line_to(cr_, kMargin + kContentWidth, y_);
      cairo_stroke(cr_);
    }
    skip(30);
  }

  void rounded_rectangle(double x, double y, double width, double height, double radius) {
    cairo_new_sub_path(cr_);
    cairo_arc(cr_, x + width - radius, y + radius, radius, -G_PI / 2, 0);
    cairo_arc(cr_, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
    cairo_arc(cr_, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
    cairo_arc(cr_, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
    cairo_close_path(cr_);
  }

  // The identifier and the temporary password in a framed box, their values
  // lined up in one column after the longest label.
  void write_box(const std::vector<Paragraph>& group) {
    constexpr double kPadding = 18;
    constexpr double kGap = 14;
    const double inner_width = kContentWidth - 2 * kPadding;

    double labels_width = 0;
    for (const Paragraph& paragraph : group) {
      Paragraph label{paragraph.style, "", {}};
      for (const Span& span : paragraph.spans)
        if (!span.emphasis) label.spans.push_back(span);
      PangoRectangle logical;
      pango_layout_get_extents(layout(label, inner_width).get(), nullptr, &logical);
      labels_width = std::max(labels_width, points(logical.width));
    }
    const Tabs tabs(
        pango_tab_array_new_with_positions(1, FALSE, PANGO_TAB_LEFT, pango_units(labels_width + 12)));

    std::vector<Layout> lines;
    double box_height = 2 * kPadding;
    for (const Paragraph& paragraph : group) {
      lines.push_back(layout(paragraph, inner_width, true));
      pango_layout_set_tabs(lines.back().get(), tabs.get());
      box_height += height(lines.back().get());
    }
    box_height += kGap * static_cast<double>(lines.size() - 1);

    skip(8);
    if (draw_) {
      rounded_rectangle(kMargin, y_, kContentWidth, box_height, 6);
      set_colour(kBoxFill);
      cairo_fill_preserve(cr_);
      set_colour(kBlue);
      cairo_set_line_width(cr_, 1.2);
      cairo_stroke(cr_);
    }
    double line_y = y_ + kPadding;
    for (const Layout& line : lines) {
      show(line.get(), kMargin + kPadding, line_y, kInk);
      line_y += height(line.get()) + kGap;
    }
    y_ += box_height;
    skip(look_of(Style::Credential).space_after);
  }

  // What to keep in mind: on a tinted band with a bar on its left.
  void write_important(const std::vector<Paragraph>& group) {
    constexpr double kPadding = 10;
    constexpr double kBar = 4;
    for (const Paragraph& paragraph : group) {
      const Look look = look_of(paragraph.style);
      const Layout text = layout(paragraph, kContentWidth - kBar - 2 * kPadding);
      const double band = height(text.get()) + 2 * kPadding;
      if (draw_) {
        cairo_rectangle(cr_, kMargin, y_, kContentWidth, band);
        set_colour(kAccentFill);
        cairo_fill(cr_);
        cairo_rectangle(cr_, kMargin, y_, kBar, band);
        set_colour(kAccent);
        cairo_fill(cr_);
      }
      show(text.get(), kMargin + kBar + kPadding, y_ + kPadding, look.colour);
      y_ += band;
      skip(look.space_after);
    }
  }

  cairo_t* cr_;
  PangoContext* pango_;
  double spacing_;
  bool draw_;
  double y_ = kMargin;
};

// Draws `letter` on the current page, with less space between paragraphs when
// its text needs it; false when even the tightest spacing does not fit.
bool write_page(cairo_t* cr, PangoContext* pango, const Letter& letter) {
  const std::vector<Paragraph> paragraphs = letter_paragraphs(letter);
  for (double spacing : {1.0, 0.8, 0.6, 0.4, 0.2}) {
    if (PageWriter(cr, pango, spacing, false).write(paragraphs)) {
      PageWriter(cr, pango, spacing, true).write(paragraphs);
      return true;
    }
  }
  return false;
}

std::string cairo_error(cairo_status_t status) { return cairo_status_to_string(status); }

// "DUPONT Albert (4e B)": a bookmark, so that a pupil's page is found in a long file.
std::string bookmark(const Letter& letter) {
  std::string name = upper_name(printable(letter.last_name)) + " " + printable(letter.first_name);
  if (letter.class_name && !printable(*letter.class_name).empty())
    name += " (" + printable(*letter.class_name) + ")";
  return name;
}

std::string document_title(const std::vector<Letter>& letters) {
  std::string title = "Lettres de première connexion";
  const std::string& school = letters.front().school_name;
  const bool one_school = std::all_of(letters.begin(), letters.end(),
                                      [&](const Letter& letter) { return letter.school_name == school; });
  if (one_school && !printable(school).empty()) title += " – " + printable(school);
  return title;
}

// Appends what Cairo writes to a string (letters_pdf).
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Draws the letters on `surface` (a PDF surface, to a file or to memory).
void render(const std::vector<Letter>& letters, Surface surface, const std::filesystem::path& shown_as) {
  if (const cairo_status_t status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot create the PDF " + shown_as.string() + ": " + cairo_error(status));
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, document_title(letters).c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Sésame");

  Cairo cr(cairo_create(surface.get()));
  // A font map of the document's own rather than Pango's shared one, so that
  // its fonts and caches are freed with it: the server and the admin tool may
  // write many documents.
  const FontMap fonts(pango_cairo_font_map_new());
  const Context pango(pango_font_map_create_context(fonts.get()));
  pango_cairo_update_context(cr.get(), pango.get());
  // Font sizes are in points, as the page is: 72 units per inch, not the screen's 96.
  pango_cairo_context_set_resolution(pango.get(), 72);
  int page = 0;
  for (const Letter& letter : letters) {
    ++page;
    const std::string link = "page=" + std::to_string(page);
    cairo_pdf_surface_add_outline(surface.get(), CAIRO_PDF_OUTLINE_ROOT, bookmark(letter).c_str(),
                                  link.c_str(), static_cast<cairo_pdf_outline_flags_t>(0));
    if (!write_page(cr.get(), pango.get(), letter)) {
      throw std::runtime_error("the letter of " + printable(letter.identifier) + " does not fit on one page");
    }
    cairo_show_page(cr.get());
    if (const cairo_status_t status = cairo_status(cr.get()); status != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error("cannot draw page " + std::to_string(page) + " of " + shown_as.string() +
                               ": " + cairo_error(status));
    }
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  if (const cairo_status_t status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot write the PDF " + shown_as.string() + ": " + cairo_error(status));
  }
}

}  // namespace

std::string letters_pdf(const std::vector<Letter>& letters) {
  if (letters.empty()) throw std::runtime_error("no letter to write");
  std::string pdf;
  render(letters, Surface(cairo_pdf_surface_create_for_stream(append_to_string, &pdf, kPageWidth, kPageHeight)),
         "in memory");
  return pdf;
}

void write_letters_pdf(const std::vector<Letter>& letters, const std::filesystem::path& path) {
  if (letters.empty()) throw std::runtime_error("no letter to write into " + path.string());
  std::filesystem::path partial = path;
  partial += ".part";
  try {
    render(letters, Surface(cairo_pdf_surface_create(partial.c_str(), kPageWidth, kPageHeight)), path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw std::runtime_error("cannot write the PDF " + path.string() + ": " + error.message());
  }
}

}  // namespace sesame::letters
