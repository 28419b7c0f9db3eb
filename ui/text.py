"""Text catalogue: every user-facing sentence of the app, in Dutch (default) and English.

`t(key, **values)` returns the text in the active language, with `{placeholders}` filled in.
The Dutch texts use the province's policy words (draagvlak = willen, draagkracht = kunnen,
organisatiekracht, parkmanagement, gebiedsteam, cofinanciering, transitiebudget).
Texts here are trusted Markdown; anything a user typed is never put in them (see ui.render).
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # -- start page -----------------------------------------------------------------------
    "start_title": ("Draagkracht", "Draagkracht"),
    "start_intro": ("Verdeel het meerjarig transitiebudget voor bedrijventerreinen over de "
                    "terreinen waar het geld het meeste oplevert.",
                    "Divide the multi-year transition budget for business parks over the parks "
                    "where the money achieves most."),
    "start_principle": (
        "Publiek geld werkt op een bedrijventerrein alleen waar ondernemers **willen** "
        "(draagvlak) én **kunnen** (draagkracht: geld, tijd, organisatie, en een gemeentelijk "
        "gebiedsteam dat meewerkt). Het model verdeelt het budget waar de waarde het hoogst is, "
        "maar nooit meer dan een terrein kan cofinancieren of opnemen: private cofinanciering "
        "is uitgangspunt. Wie nu investeert in organisatiekracht, kan later meer opnemen "
        "(fasering).",
        "Public money only works on a business park where entrepreneurs are **willing** "
        "(draagvlak, support) and **able** (draagkracht: money, time, organisation, and a "
        "municipal team that works with them). The model spends the budget where value is "
        "highest, but never more than a park can co-finance or absorb: private co-financing "
        "is the principle. Investing in organisation now lets a park absorb more later "
        "(phasing)."),
    "start_steps": ("Zo werkt u", "How to work"),
    "glossary_title": ("Begrippen: waardepunten, hefboom, draagvlak, draagkracht, "
                       "organisatiegraad en de regels",
                       "Glossary: value points, leverage, draagvlak, draagkracht, organisation "
                       "level and the rules"),
    "step_data": ("Gegevens: laad het werkboek van de analisten (of werk met de demo) en "
                  "controleer het",
                  "Data: load the analysts' workbook (or use the demo) and check it"),
    "step_assumptions": ("Aannames: budget per jaar, cofinanciering, doelgewichten, bodems en "
                         "plafonds",
                         "Assumptions: budget per year, co-financing, goal weights, floors and "
                         "caps"),
    "step_allocation": ("Verdeling: wie krijgt wat, en wat levert het op",
                        "Allocation: who gets what, and what it achieves"),
    "step_quadrant": ("Draagvlak & draagkracht: waarom elk terrein krijgt wat het krijgt",
                      "Support & capacity: why each park gets what it gets"),
    "step_scenarios": ("Scenario's: bewaar varianten onder een naam",
                       "Scenarios: keep variants under a name"),
    "step_compare": ("Vergelijken: zet scenario's naast elkaar en leg het besluit vast",
                     "Compare: put scenarios side by side and record the decision"),
    "step_presentation": ("Presentatie: het scherm voor de stuurgroep",
                          "Presentation: the screen for the steering committee"),
    "step_analyse": ("Analyse: wat meer budget oplevert, hoeveel privaat geld er te mobiliseren "
                     "valt, wat een politieke keuze kost, hoe robuust het plan is",
                     "Analysis: what more budget buys, how much private money can be "
                     "mobilised, what a political choice costs, how robust the plan is"),
    "step_monitoring": ("Monitoring: besteding en voortgang over de jaren, en de herplanning",
                        "Monitoring: spending and progress over the years, and the re-plan"),
    "step_regio": ("Regiotafels: per regio de terreinen, het geld en de voortgang",
                   "Regional tables: per region the parks, the money and the progress"),
    # -- app & sidebar --------------------------------------------------------------------
    "app_title": ("Draagkracht – transitiebudget bedrijventerreinen",
                  "Draagkracht – business park transition budget"),
    "nav_start": ("Start", "Start"),
    "nav_data": ("Gegevens", "Data"),
    "nav_assumptions": ("Aannames", "Assumptions"),
    "nav_allocation": ("Verdeling", "Allocation"),
    "nav_quadrant": ("Draagvlak & draagkracht", "Support & capacity"),
    "nav_presentation": ("Presentatie", "Presentation"),
    "nav_scenarios": ("Scenario's", "Scenarios"),
    "nav_compare": ("Vergelijken", "Compare"),
    "sidebar_data": ("Actieve gegevens", "Active data"),
    "sidebar_demo": ("Demo: fictieve provincie (geen echte gegevens)",
                     "Demo: fictitious province (not real data)"),
    "sidebar_upload": ("Werkboek: {name}", "Workbook: {name}"),
    "sidebar_store": ("Opgeslagen scenario: {name}", "Saved scenario: {name}"),
    "sidebar_valid": ("Geldig: {parks} terreinen, {years} jaar ({first}–{last}), budget {budget}",
                      "Valid: {parks} parks, {years} years ({first}–{last}), budget {budget}"),
    "src_store": ("opgeslagen scenario {name}", "saved scenario {name}"),
    "src_upload": ("werkboek {name}", "workbook {name}"),
    "src_demo": ("de demogegevens", "the demo data"),
    "badge_modified": ("Gewijzigd t.o.v. {source}", "Changed from {source}"),
    "badge_unmodified": ("Ongewijzigd: {source}", "Unchanged: {source}"),
    "sidebar_rejected": ("Laatste upload ({name}) is geweigerd; zie Gegevens.",
                         "Last upload ({name}) was refused; see Data."),
    "sidebar_lang": ("Taal", "Language"),
    "init_failed": ("De demogegevens konden niet worden geladen: {error}. Upload een werkboek op "
                    "de pagina Gegevens.",
                    "The demo data could not be loaded: {error}. Upload a workbook on the Data "
                    "page."),
    "no_data_yet": ("Er zijn nog geen gegevens geladen. Upload een werkboek op de pagina Gegevens.",
                    "No data loaded yet. Upload a workbook on the Data page."),
    # -- data page ------------------------------------------------------------------------
    "data_title": ("Gegevens", "Data"),
    "data_intro": ("Bedrijventerreinen, transitiebudget per jaar en bestedingscategorieën. Upload "
                   "een eigen werkboek (.xlsx) of werk met de demo. Wijzigingen in de tabellen "
                   "worden direct gecontroleerd.",
                   "Business parks, transition budget per year and spending categories. Upload "
                   "your own workbook (.xlsx) or work with the demo. Edits in the tables are "
                   "checked immediately."),
    "demo_notice": ("Dit zijn **fictieve demogegevens** van een verzonnen provincie, bedoeld om "
                    "de app te leren kennen. Er zijn geen echte terreinen of bedragen gebruikt.",
                    "These are **fictitious demo data** of an invented province, for getting to "
                    "know the app. No real parks or amounts are used."),
    "demo_load": ("Demo-gegevens laden", "Load the demo data"),
    "demo_load_help": ("Vervangt de actieve gegevens door de fictieve demoprovincie.",
                       "Replaces the active data by the fictitious demo province."),
    "demo_loaded": ("De demogegevens zijn weer actief.", "The demo data are active again."),
    "upload_label": ("Werkboek uploaden (.xlsx)", "Upload workbook (.xlsx)"),
    "upload_dropzone": ("Sleep het werkboek hierheen of kies een bestand · hoogstens {mb} MB · "
                        ".xlsx of .xlsm",
                        "Drag the workbook here or choose a file · at most {mb} MB · "
                        ".xlsx or .xlsm"),
    "upload_button": ("Bestand kiezen", "Choose file"),
    "upload_help": ("Tabbladen terreinen en budget zijn verplicht; categorieen, rendement en "
                    "instellingen zijn optioneel. Download het sjabloon voor de kolommen.",
                    "Sheets parks and budget are required; categories, returns and settings are "
                    "optional. Download the template for the columns."),
    "upload_ok": ("Werkboek **{name}** geladen: {parks} terreinen, {years} jaar.",
                  "Workbook **{name}** loaded: {parks} parks, {years} years."),
    "upload_rejected": ("Het werkboek **{name}** is niet gebruikt: {problems} gevonden "
                        "(hieronder alle tegelijk). De vorige gegevens blijven actief.",
                        "The workbook **{name}** was not used: {problems} found (all listed "
                        "below). The previous data remain active."),
    "problems_1": ("1 probleem", "1 problem"),
    "problems_n": ("{n} problemen", "{n} problems"),
    "issues_more": ("… en nog {n} problemen (los eerst deze op).",
                    "… and {n} more problems (fix these first)."),
    "upload_crashed": ("Het bestand kon niet worden gelezen ({error}). Controleer of het een "
                       "Excel-werkboek (.xlsx) is en sla het zo nodig opnieuw op.",
                       "The file could not be read ({error}). Check that it is an Excel "
                       "workbook (.xlsx) and save it again if needed."),
    "upload_waiting": ("Er wordt al een ander werkboek gelezen; dit werkboek volgt zo…",
                       "Another workbook is being read; this one follows shortly…"),
    "upload_busy": ("De server is bezig met andere werkboeken en kon dit werkboek niet binnen "
                    "{seconds} seconden lezen. Probeer het over een minuut opnieuw.",
                    "The server is busy with other workbooks and could not read this one within "
                    "{seconds} seconds. Please try again in a minute."),
    "warnings_title": ("Waarschuwingen bij het inlezen ({n})", "Warnings while reading ({n})"),
    "rejected_warnings": ("Waarschuwingen in het geweigerde bestand",
                          "Warnings in the refused file"),
    "downloads": ("Downloads", "Downloads"),
    "dl_template": ("Leeg sjabloon (.xlsx)", "Empty template (.xlsx)"),
    "dl_demo": ("Demowerkboek (.xlsx)", "Demo workbook (.xlsx)"),
    "dl_current": ("Huidige gegevens als werkboek (.xlsx)", "Current data as workbook (.xlsx)"),
    "tab_parks": ("Terreinen", "Parks"),
    "tab_budget": ("Budget", "Budget"),
    "tab_categories": ("Categorieën", "Categories"),
    "tab_returns": ("Rendement", "Returns"),
    "edit_refused": ("Wijziging niet doorgevoerd: {reason}. De gegevens zijn ongewijzigd.",
                     "Edit not applied: {reason}. The data are unchanged."),
    "not_an_amount": ("'{text}' is geen bedrag. Schrijf bijvoorbeeld 6.000.000 of 6,5 mln",
                      "'{text}' is not an amount. Write for example 6.000.000 or 6,5 mln"),
    "edit_hint": ("Klik in een cel om te wijzigen. Een ongeldige waarde wordt geweigerd met een "
                  "melding.",
                  "Click a cell to edit. An invalid value is refused with a message."),
    "add_year": ("Jaar toevoegen", "Add year"),
    "remove_year": ("Laatste jaar verwijderen", "Remove last year"),
    "issues_sheet": ("Tabblad", "Sheet"),
    "issues_row": ("Rij", "Row"),
    "issues_column": ("Kolom", "Column"),
    "issues_value": ("Waarde", "Value"),
    "issues_message": ("Melding", "Message"),
    # column labels of the editors
    "col_park_id": ("Terrein-id", "Park id"),
    "col_name": ("Naam", "Name"),
    "col_municipality": ("Gemeente", "Municipality"),
    "col_region": ("Regio", "Region"),
    "col_latitude": ("Breedtegraad", "Latitude"),
    "col_longitude": ("Lengtegraad", "Longitude"),
    "col_area_ha": ("Oppervlakte (ha)", "Area (ha)"),
    "col_companies": ("Bedrijven", "Companies"),
    "col_jobs": ("Banen", "Jobs"),
    "col_strategic": ("Strategisch", "Strategic"),
    "col_organisation_level": ("Organisatiegraad (0–4)", "Organisation level (0–4)"),
    "col_draagvlak": ("Draagvlak (%)", "Draagvlak (%)"),
    "col_private_capacity_eur": ("Draagkracht: cofinanciering €/jaar",
                                 "Draagkracht: co-financing €/yr"),
    "col_municipal_team": ("Gebiedsteam", "Municipal team"),
    "col_absorption_capacity_eur": ("Absorptiecapaciteit €/jaar", "Absorption capacity €/yr"),
    "col_potential_energy": ("Potentieel energie (%)", "Potential energy (%)"),
    "col_potential_circularity": ("Potentieel circulariteit (%)", "Potential circularity (%)"),
    "col_potential_economy": ("Potentieel economie (%)", "Potential economy (%)"),
    "col_potential_cooperation": ("Potentieel samenwerking (%)", "Potential cooperation (%)"),
    "col_year": ("Jaar", "Year"),
    "col_budget_eur": ("Budget (€)", "Budget (€)"),
    "col_category": ("Categorie-id", "Category id"),
    "col_label": ("Omschrijving", "Label"),
    "col_min_private_share": ("Min. privaat aandeel (%)", "Min. private share (%)"),
    "col_min_organisation_level": ("Min. organisatiegraad", "Min. organisation level"),
    "col_requires_municipal_team": ("Vereist gebiedsteam", "Requires municipal team"),
    "col_min_draagvlak": ("Min. draagvlak (%)", "Min. draagvlak (%)"),
    "col_max_per_park_year_eur": ("Max. per terrein per jaar (€)", "Max. per park per year (€)"),
    "col_impact_energy": ("Impact energie", "Impact energy"),
    "col_impact_circularity": ("Impact circulariteit", "Impact circularity"),
    "col_impact_economy": ("Impact economie", "Impact economy"),
    "col_impact_cooperation": ("Impact samenwerking", "Impact cooperation"),
    "col_up_to_share": ("Tot aandeel van capaciteit (%)", "Up to share of capacity (%)"),
    "col_multiplier": ("Factor", "Multiplier"),
    "help_organisation_level": ("0 geen, 1 informeel netwerk, 2 ondernemersvereniging, "
                                "3 parkmanagement met parkmanager, 4 BIZ en/of coöperatie",
                                "0 none, 1 informal network, 2 entrepreneurs' association, "
                                "3 park management with park manager, 4 BIZ and/or cooperative"),
    "help_draagvlak": ("Steun onder de ondernemers (willen), 0–100%",
                       "Support among the companies (willing), 0–100%"),
    "help_private_capacity": ("Wat de bedrijven per jaar kunnen cofinancieren (kunnen)",
                              "What the companies can co-finance per year (able)"),
    "help_absorption": ("Leeg = volgens organisatiegraad (zie Aannames)",
                        "Blank = by organisation level (see Assumptions)"),
    "help_up_to_share": ("Leeg in de laatste rij (geen bovengrens)",
                         "Blank in the last row (no upper bound)"),
    # -- assumptions page ---------------------------------------------------------------------
    "ass_title": ("Aannames", "Assumptions"),
    "ass_intro": ("Stel de beleidskeuzes in. Elke wijziging wordt direct doorgerekend op de "
                  "pagina's Verdeling en Presentatie.",
                  "Set the policy choices. Every change is recalculated at once on the "
                  "Allocation and Presentation pages."),
    "ass_reset": ("Terug naar de waarden uit het werkboek", "Back to the workbook values"),
    "ass_reset_done": ("Alle aannames staan weer op de waarden uit het werkboek.",
                       "All assumptions are back at the workbook values."),
    "ass_budget": ("Transitiebudget per jaar", "Transition budget per year"),
    "ass_budget_caption": ("Totaal {total}. Publiek geld per jaar dat verdeeld mag worden.",
                           "Total {total}. Public money per year available for allocation."),
    "ass_budget_help": ("Het provinciale budget voor dit jaar (€).",
                        "The provincial budget for this year (€)."),
    "ass_carry": ("Niet-besteed budget meenemen naar volgend jaar", "Carry unspent budget over"),
    "ass_carry_help": ("Aan: wat in een jaar niet wordt toegekend, mag later alsnog worden "
                       "besteed (lopende totalen). Uit: elk jaar staat op zichzelf.",
                       "On: what is not allocated in a year may be spent later (running "
                       "totals). Off: every year stands alone."),
    "ass_carry_caption": ("Nu: {state}.", "Now: {state}."),
    "on": ("aan", "on"),
    "off": ("uit", "off"),
    "ass_weights": ("Doelgewichten", "Goal weights"),
    "ass_weights_caption": ("Hoe zwaar elk doel telt in de waardepunten. Verhouding nu: {shares}.",
                            "How much each goal counts in the value points. Shares now: "
                            "{shares}."),
    "ass_weight_help": ("Relatief gewicht; de vier gewichten worden genormaliseerd naar 100%.",
                        "Relative weight; the four weights are normalised to 100%."),
    "ass_section_phasing": ("Draagvlak en fasering", "Support and phasing"),
    "ass_section_limits": ("Grenzen en bodems", "Limits and floors"),
    "ass_draagvlak": ("Effect van draagvlak", "Effect of draagvlak"),
    "ass_draagvlak_help": ("0 = draagvlak telt niet mee; 1 = een terrein zonder draagvlak levert "
                           "niets op. Effectiviteit = (1 − effect) + effect × draagvlak.",
                           "0 = support does not count; 1 = a park without support yields "
                           "nothing. Effectiveness = (1 − effect) + effect × draagvlak."),
    "ass_draagvlak_caption": ("Nu {value}: een terrein met draagvlak 40% werkt voor {eff} van een "
                              "terrein met volledig draagvlak.",
                              "Now {value}: a park with draagvlak 40% works at {eff} of a park "
                              "with full support."),
    "ass_growth": ("Groei van absorptiecapaciteit door organisatiekracht",
                   "Capacity growth from organisation building"),
    "ass_growth_help": ("Elke euro voor professionalisering van parkmanagement verhoogt wat een "
                        "terrein in latere jaren kan besteden met deze factor (fasering).",
                        "Each euro for professionalising park management raises what a park can "
                        "spend in later years by this factor (phasing)."),
    "ass_growth_caption": ("Nu {value}: € 10.000 voor organisatie nu geeft later {extra} extra "
                           "ruimte per jaar.",
                           "Now {value}: € 10.000 for organisation now gives {extra} more room "
                           "per year later."),
    "ass_floor": ("Strategische bodem per terrein per jaar (€)",
                  "Strategic floor per park per year (€)"),
    "ass_floor_help": ("Minimumbedrag voor organisatiekracht op elk strategisch terrein dat "
                       "daarvoor in aanmerking komt. Te hoog = geen oplossing mogelijk.",
                       "Minimum for organisation building on every strategic park that is "
                       "eligible. Too high = no solution possible."),
    "ass_floor_caption": ("Nu {value} per strategisch terrein per jaar ({n} strategische "
                          "terreinen).",
                          "Now {value} per strategic park per year ({n} strategic parks)."),
    "ass_muni": ("Maximaal aandeel per gemeente", "Maximum share per municipality"),
    "ass_muni_help": ("Geen gemeente krijgt meer dan dit deel van het totale budget. 100% = geen "
                      "grens.",
                      "No municipality gets more than this share of the total budget. 100% = "
                      "no limit."),
    "ass_muni_caption": ("Nu {value}: hoogstens {amount} per gemeente over de hele periode.",
                         "Now {value}: at most {amount} per municipality over the whole period."),
    "ass_discount": ("Discontovoet per jaar", "Discount rate per year"),
    "ass_discount_help": ("Hoeveel minder een euro later telt dan een euro nu.",
                          "How much less a euro later counts than a euro now."),
    "ass_discount_caption": ("Nu {value}: een euro over 4 jaar telt voor {w} van een euro nu.",
                             "Now {value}: a euro in 4 years counts for {w} of a euro now."),
    "ass_orgcat": ("Categorie voor organisatiekracht", "Organisation-building category"),
    "ass_orgcat_help": ("Uitgaven in deze categorie laten de absorptiecapaciteit groeien en "
                        "vallen onder de strategische bodem.",
                        "Spending in this category grows the absorption capacity and is what "
                        "the strategic floor applies to."),
    "ass_orgcat_caption": ("Nu: {label}.", "Now: {label}."),
    "ass_capacity": ("Absorptiecapaciteit per organisatiegraad (€ publiek per jaar)",
                     "Absorption capacity per organisation level (€ public per year)"),
    "ass_capacity_caption": ("Hoeveel publiek geld een terrein per jaar kan besteden als het "
                             "geen eigen absorptiecapaciteit heeft opgegeven.",
                             "How much public money a park can spend per year when it has no "
                             "absorption capacity of its own."),
    "ass_level": ("Niveau {level}: {name}", "Level {level}: {name}"),
    "level_0": ("geen organisatie", "no organisation"),
    "level_1": ("informeel netwerk", "informal network"),
    "level_2": ("ondernemersvereniging", "entrepreneurs' association"),
    "level_3": ("parkmanagement met parkmanager", "park management with park manager"),
    "level_4": ("BIZ en/of coöperatie", "BIZ and/or cooperative"),
    "ass_private": ("Minimaal privaat aandeel per categorie (cofinanciering)",
                    "Minimum private share per category (co-financing)"),
    "ass_private_help": ("Deel van de totale projectkosten dat de ondernemers zelf dragen.",
                         "Share of the total project cost that the companies carry themselves."),
    "ass_private_caption": ("Nu {value}: per publieke euro {ratio} privaat.",
                            "Now {value}: {ratio} private per public euro."),
    "ass_returns": ("Afnemende meeropbrengst (rendement)", "Diminishing returns"),
    "ass_returns_caption": ("Per terrein: tot een aandeel van de capaciteit over de hele periode "
                            "telt een euro met de factor; daarboven met de volgende factor. Zo "
                            "spreidt het geld zich over terreinen. De laatste rij heeft geen "
                            "bovengrens (lege cel).",
                            "Per park: up to a share of its capacity over the whole period a "
                            "euro counts with the multiplier; above it with the next one. This "
                            "spreads the money over parks. The last row has no upper limit (empty "
                            "cell)."),
    # -- allocation page ----------------------------------------------------------------------
    "alloc_title": ("Verdeling", "Allocation"),
    "alloc_intro": ("De verdeling van het transitiebudget die de meeste waarde oplevert binnen "
                    "draagvlak en draagkracht van elk terrein.",
                    "The division of the transition budget that yields the most value within "
                    "each park's support (draagvlak) and capacity (draagkracht)."),
    "solving": ("Verdeling wordt berekend…", "Calculating the allocation…"),
    "ass_kpis": ("Wat deze aannames opleveren", "What these assumptions give"),
    "reasons_coming": ("De redenen per terrein worden nog berekend; de bedragen hierboven staan "
                       "al vast.",
                       "The reasons per park are still being calculated; the amounts above are "
                       "final."),
    "status_optimal": ("Optimale verdeling gevonden ({seconds}).",
                       "Optimal allocation found ({seconds})."),
    "status_time_limit": ("Beste gevonden oplossing na {seconds}: niet bewezen optimaal.",
                          "Best solution found after {seconds}: not proven optimal."),
    "status_infeasible_line": ("Geen verdeling mogelijk met deze aannames. {advice}",
                               "No allocation possible with these assumptions. {advice}"),
    "diagnosis_details": ("Alle bevindingen ({n})", "All findings ({n})"),
    "status_error": ("De berekening is mislukt: {message}", "The calculation failed: {message}"),
    "solve_crashed": ("onverwachte fout in de berekening ({error})",
                      "unexpected error in the calculation ({error})"),
    "diagnosis_none": ("Er is geen nadere verklaring beschikbaar.",
                       "No further explanation is available."),
    "kpi_budget": ("Budget", "Budget"),
    "kpi_budget_help": ("Totaal transitiebudget over alle jaren.",
                        "Total transition budget over all years."),
    "kpi_allocated": ("Toegekend", "Allocated"),
    "kpi_allocated_help": ("Publiek geld dat aan terreinen wordt toegekend.",
                           "Public money allocated to parks."),
    "kpi_unallocated": ("Niet toegekend", "Unallocated"),
    "kpi_unallocated_help": ("Budget dat niet besteed kan worden: de terreinen kunnen niet meer "
                             "cofinancieren of opnemen.",
                             "Budget that cannot be spent: the parks cannot co-finance or "
                             "absorb more."),
    "kpi_private": ("Privaat gemobiliseerd", "Private money mobilised"),
    "kpi_private_help": ("Cofinanciering door ondernemers die met het publieke geld meekomt.",
                         "Co-financing by companies that comes with the public money."),
    "kpi_leverage": ("Hefboom", "Leverage"),
    "kpi_leverage_help": ("Private euro's per publieke euro.", "Private euros per public euro."),
    "kpi_points": ("Waardepunten", "Value points"),
    "kpi_points_help": ("Totale maatschappelijke waarde volgens de doelgewichten. Alleen "
                        "vergelijkbaar tussen scenario's met dezelfde doelgewichten (zie "
                        "Begrippen op Start).",
                        "Total value according to the goal weights. Only comparable between "
                        "scenarios with the same goal weights (see the glossary on Start)."),
    "kpi_parks": ("Terreinen gefinancierd", "Parks funded"),
    "kpi_parks_value": ("{funded} van {eligible}", "{funded} of {eligible}"),
    "kpi_parks_help": ("Terreinen met een toekenning, van de terreinen die ergens voor in "
                       "aanmerking komen ({total} in totaal).",
                       "Parks with an allocation, of the parks eligible for anything ({total} "
                       "in total)."),
    "ch_years": ("Besteding per jaar en categorie", "Spending per year and category"),
    "ch_years_caption": ("Zwarte streep: het budget van dat jaar.",
                         "Black tick: that year's budget."),
    "ch_goals": ("Waarde per doel", "Value per goal"),
    "ch_top": ("Terreinen met de grootste toekenning", "Parks with the largest allocation"),
    "ch_muni": ("Per gemeente", "Per municipality"),
    "ch_map": ("Kaart van de terreinen", "Map of the parks"),
    "ch_map_grey": ("groen: toegekend, grijs: geen toekenning",
                    "green: allocated, grey: no allocation"),
    "ch_map_caption": ("Grootte = toegekend bedrag; grijs = geen toekenning. Zonder "
                       "achtergrondkaart (geen internetverbinding nodig).",
                       "Size = allocated amount; grey = no allocation. No background map (no "
                       "internet connection needed)."),
    "table_title": ("Toekenning per terrein", "Allocation per park"),
    "table_search": ("Zoek op naam, gemeente of id", "Search by name, municipality or id"),
    "table_sort": ("Sorteer op", "Sort by"),
    "table_desc": ("Aflopend", "Descending"),
    "table_only_funded": ("Alleen met toekenning", "Only funded parks"),
    "table_rows": ("{n} van {total} terreinen", "{n} of {total} parks"),
    "t_park": ("Terrein", "Park"),
    "t_id": ("Id", "Id"),
    "t_municipality": ("Gemeente", "Municipality"),
    "t_public": ("Publiek (€)", "Public (€)"),
    "t_private": ("Privaat (€)", "Private (€)"),
    "t_points": ("Waardepunten", "Value points"),
    "t_reason": ("Waarom dit bedrag", "Why this amount"),
    "t_level": ("Organisatiegraad", "Organisation level"),
    "t_draagvlak": ("Draagvlak", "Draagvlak"),
    "t_capacity": ("Draagkracht (€/jaar)", "Draagkracht (€/yr)"),
    "t_strategic": ("Strategisch", "Strategic"),
    "dl_table_csv": ("Deze tabel downloaden (.csv)", "Download this table (.csv)"),
    "dl_results": ("Resultaten downloaden (.xlsx)", "Download results (.xlsx)"),
    "tie_break": ("Gelijkwaardige verdelingen", "Equally good allocations"),
    "tie_break_default": ("Als meerdere verdelingen even veel waarde opleveren, kiest de app "
                          "steeds dezelfde volgens een vaste regel, zodat geld niet zonder reden "
                          "tussen terreinen verschuift.",
                          "When several allocations give the same value, the app always picks "
                          "the same one by a fixed rule, so money does not move between parks "
                          "for no reason."),
    # -- quadrant page ------------------------------------------------------------------------
    "quad_title": ("Draagvlak & draagkracht", "Support & capacity"),
    "quad_intro": ("Draagvlak gaat over **willen**, draagkracht over **kunnen**. Publiek geld "
                   "werkt waar ondernemers allebei hebben.",
                   "Draagvlak (support) is about being **willing**, draagkracht (capacity) about "
                   "being **able**. Public money works where companies have both."),
    "quad_axis": ("Draagkracht gemeten als", "Capacity measured as"),
    "quad_axis_capacity": ("Cofinanciering (€/jaar)", "Co-financing (€/yr)"),
    "quad_axis_level": ("Organisatiegraad", "Organisation level"),
    "quad_caption_capacity": ("Stippellijnen: draagvlak 50% en de mediane cofinanciering ({cap}). "
                              "Grootte = toegekend bedrag.",
                              "Dashed lines: draagvlak 50% and the median co-financing ({cap}). "
                              "Size = allocated amount."),
    "quad_caption_level": ("Stippellijnen: draagvlak 50% en organisatiegraad 2 "
                           "(ondernemersvereniging). Grootte = toegekend bedrag.",
                           "Dashed lines: draagvlak 50% and organisation level 2 (entrepreneurs' "
                           "association). Size = allocated amount."),
    "quad_counts": ("{label}: {n} terreinen, {amount}", "{label}: {n} parks, {amount}"),
    "quad_pick": ("Kies een terrein voor de uitleg", "Pick a park for its explanation"),
    "quad_why": ("Waarom dit bedrag?", "Why this amount?"),
    "quad_change": ("Wat zou dit veranderen?", "What would change it?"),
    "quad_facts": ("Organisatiegraad {level}, draagvlak {draagvlak}, cofinanciering {capacity} "
                   "per jaar, gebiedsteam: {team}, strategisch: {strategic}.",
                   "Organisation level {level}, draagvlak {draagvlak}, co-financing {capacity} "
                   "per year, municipal team: {team}, strategic: {strategic}."),
    "quad_received": ("Toegekend: {public} publiek, {private} privaat.",
                      "Allocated: {public} public, {private} private."),
    "quad_no_expl": ("Geen uitleg beschikbaar voor dit terrein.",
                     "No explanation available for this park."),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "shadow_title": ("Wat levert extra budget op?", "What would extra budget bring?"),
    "shadow_positive": ("Elke extra € 1.000 in {year} levert {points} waardepunten op (bij een "
                        "kleine verhoging; grotere stappen staan op de pagina Analyse).",
                        "Every extra € 1.000 in {year} yields {points} value points (for a small "
                        "increase; larger steps are on the Analysis page)."),
    "shadow_zero": ("Extra budget in {year} levert niets op: het budget is daar niet "
                    "krap, de terreinen zitten aan hun draagkracht.",
                    "Extra budget in {year} yields nothing: the budget is not tight "
                    "there, the parks are at their capacity."),
    "shadow_caption": ("Schaduwprijs van het budget: waardepunten per extra € 1.000, per jaar.",
                       "Shadow price of the budget: value points per extra € 1.000, per year."),
    "no_result": ("Er is geen verdeling om te tonen (zie de melding hierboven).",
                  "There is no allocation to show (see the message above)."),
    # -- presentation page --------------------------------------------------------------------
    "pres_title": ("Transitiebudget bedrijventerreinen", "Business park transition budget"),
    "pres_budget": ("Totaal transitiebudget", "Total transition budget"),
    "pres_budget_help": ("Verdeeld over de jaren in dezelfde verhouding als in het werkboek.",
                         "Split over the years in the same proportions as in the workbook."),
    "pres_budget_caption": ("Nu {value} over {years} jaar.", "Now {value} over {years} years."),
    "pres_preset": ("Accent in de doelen", "Emphasis among the goals"),
    "pres_preset_custom": ("Eigen gewichten (zie Aannames)", "Own weights (see Assumptions)"),
    "preset_balanced": ("Evenwichtig", "Balanced"),
    "preset_energy": ("Energie voorop", "Energy first"),
    "preset_circularity": ("Circulair voorop", "Circularity first"),
    "preset_economy": ("Economie voorop", "Economy first"),
    "preset_cooperation": ("Samenwerking voorop", "Cooperation first"),
    "pres_scenario": ("Opgeslagen scenario tonen", "Show a saved scenario"),
    "pres_scenario_none": ("— huidige gegevens —", "— current data —"),
    "pres_opened": ("Scenario {name} geopend.", "Scenario {name} opened."),
    # -- scenarios page -----------------------------------------------------------------------
    "sc_title": ("Scenario's", "Scenarios"),
    "sc_intro": ("Bewaar de huidige gegevens en aannames als scenario, om later te openen of te "
                 "vergelijken. Opslaan onder een bestaande naam maakt een nieuwe versie.",
                 "Save the current data and assumptions as a scenario, to open or compare "
                 "later. Saving under an existing name creates a new version."),
    "sc_save": ("Huidig scenario opslaan", "Save current scenario"),
    "sc_name": ("Naam", "Name"),
    "sc_note": ("Notitie", "Note"),
    "sc_save_button": ("Opslaan", "Save"),
    "sc_saved": ("Opgeslagen als {label}.", "Saved as {label}."),
    "sc_list": ("Opgeslagen scenario's", "Saved scenarios"),
    "sc_show_deleted": ("Verwijderde ook tonen", "Show deleted ones too"),
    "sc_empty": ("Nog geen opgeslagen scenario's.", "No saved scenarios yet."),
    "sc_pick": ("Kies een scenario", "Pick a scenario"),
    "sc_open": ("Openen", "Open"),
    "sc_opened": ("Scenario {label} is nu actief.", "Scenario {label} is now active."),
    "sc_rename_to": ("Nieuwe naam", "New name"),
    "sc_rename": ("Hernoemen", "Rename"),
    "sc_renamed": ("Hernoemd naar {name}.", "Renamed to {name}."),
    "sc_delete": ("Verwijderen", "Delete"),
    "sc_deleted": ("{label} verwijderd (herstellen kan).", "{label} deleted (can be restored)."),
    "sc_restore": ("Herstellen", "Restore"),
    "sc_restored": ("{label} hersteld.", "{label} restored."),
    "sc_store_error": ("Scenario-opslag: {message}", "Scenario store: {message}"),
    "sc_solve_first": ("Het scenario kan pas worden opgeslagen als de berekening is gelukt.",
                       "The scenario can only be saved once the calculation has succeeded."),
    "c_id": ("Id", "Id"),
    "c_name": ("Naam", "Name"),
    "c_version": ("Versie", "Version"),
    "c_author": ("Auteur", "Author"),
    "c_created": ("Opgeslagen (Nederlandse tijd)", "Saved (Dutch time)"),
    "c_status": ("Status", "Status"),
    "c_budget": ("Budget (€)", "Budget (€)"),
    "c_allocated": ("Toegekend (€)", "Allocated (€)"),
    "c_points": ("Waardepunten", "Value points"),
    "c_note": ("Notitie", "Note"),
    "c_deleted": ("Verwijderd", "Deleted"),
    # -- login, roles and the audit trail (ui/auth.py, scenario page) -----------------------
    "auth_title": ("Draagkracht – inloggen", "Draagkracht – log in"),
    "auth_intro": ("Deze omgeving wordt gedeeld door de analisten, budgethouders en "
                   "commissieleden van de provincie. Log in met uw account van de provincie.",
                   "This environment is shared by the province's analysts, budget holders and "
                   "committee members. Log in with your province account."),
    "auth_login": ("Inloggen", "Log in"),
    "auth_logout": ("Uitloggen", "Log out"),
    "auth_signed_in": ("Ingelogd als {who} ({role})", "Logged in as {who} ({role})"),
    "auth_no_access": ("U bent ingelogd als {who}, maar heeft geen rol in deze toepassing. Vraag "
                       "de beheerder om toegang.",
                       "You are logged in as {who} but have no role in this application. Ask "
                       "the administrator for access."),
    "auth_roles_error": ("De toegangsregels kunnen niet worden gelezen: {message}",
                         "The access rules cannot be read: {message}"),
    "auth_local_mode": ("Lokale modus: één gebruiker, geen login; alleen bereikbaar vanaf deze "
                        "computer.",
                        "Local mode: one user, no login; reachable from this computer only."),
    "auth_open_refused": (
        "Deze server luistert op {address} zonder login. Zonder login toont Draagkracht alleen "
        "pagina's op deze computer (127.0.0.1). Stel login in (zie docs/deployment.md) of start "
        "met --server.address 127.0.0.1.",
        "This server listens on {address} without login. Without login Draagkracht only serves "
        "pages on this computer (127.0.0.1). Configure login (see docs/deployment.md) or start "
        "with --server.address 127.0.0.1."),
    "auth_not_allowed": ("Met uw rol ({role}) kunt u niet {action}.",
                         "Your role ({role}) cannot {action}."),
    "role_viewer": ("lezer", "viewer"),
    "role_editor": ("bewerker", "editor"),
    "role_admin": ("beheerder", "admin"),
    "perm_save": ("opslaan", "save"),
    "perm_rename": ("hernoemen", "rename"),
    "perm_delete": ("verwijderen of herstellen", "delete or restore"),
    "perm_decide": ("een besluit vastleggen", "record a decision"),
    "perm_upload": ("een werkboek laden", "load a workbook"),
    "sc_saving_as": ("Wordt opgeslagen op naam van {who}.", "Will be saved in the name of {who}."),
    "sc_skipped": ("Niet getoond: {message}", "Not shown: {message}"),
    "audit_title": ("Logboek", "Audit trail"),
    "audit_intro": ("Wie wat wanneer deed: opslaan, hernoemen, verwijderen, herstellen en "
                    "besluiten. Niets wordt uit het logboek verwijderd.",
                    "Who did what and when: saves, renames, deletes, restores and decisions. "
                    "Nothing is ever removed from the trail."),
    "audit_scope": ("Alleen het gekozen scenario", "Only the selected scenario"),
    "audit_empty": ("Nog niets vastgelegd.", "Nothing recorded yet."),
    "audit_download": ("Logboek downloaden (.xlsx)", "Download audit trail (.xlsx)"),
    "a_when": ("Moment (Nederlandse tijd)", "When (Dutch time)"),
    "a_who": ("Wie", "Who"),
    "a_action": ("Handeling", "Action"),
    "a_scenario": ("Scenario", "Scenario"),
    "a_details": ("Details", "Details"),
    # -- compare page -------------------------------------------------------------------------
    "cmp_title": ("Vergelijken", "Compare"),
    "cmp_intro": ("Zet 2 tot 4 opgeslagen scenario's naast elkaar, en leg vast welk scenario is "
                  "gekozen en waarom.",
                  "Put 2 to 4 saved scenarios side by side, and record which one was chosen and "
                  "why."),
    "cmp_pick": ("Scenario's om te vergelijken (2–4)", "Scenarios to compare (2–4)"),
    "cmp_need_two": ("Kies minstens twee opgeslagen scenario's. Sla er eerst een paar op op de "
                     "pagina Scenario's.",
                     "Pick at least two saved scenarios. Save some first on the Scenarios page."),
    "cmp_too_many": ("Hoogstens vier scenario's tegelijk.", "At most four scenarios at once."),
    "cmp_kpis": ("Kerncijfers", "Key figures"),
    "cmp_years": ("Per jaar", "Per year"),
    "cmp_categories": ("Per categorie", "Per category"),
    "cmp_parks": ("Veranderingen per terrein", "Changes per park"),
    "cmp_shifts": ("Grootste verschuivingen (ten opzichte van {base})",
                   "Largest shifts (relative to {base})"),
    "cmp_weights_differ": ("De doelgewichten verschillen: de waardepunten meten dan met een "
                           "andere maat en zijn niet te vergelijken. Vergelijk op bedragen, "
                           "terreinen en hefboom.",
                           "The goal weights differ: the value points then measure with another "
                           "yardstick and cannot be compared. Compare amounts, parks and "
                           "leverage."),
    "cmp_pick_placeholder": ("Kies scenario's", "Choose scenarios"),
    "cmp_shifts_caption": ("Groen: meer dan in het referentiescenario, oranje: minder. De "
                           "grootste stijgers én de grootste dalers.",
                           "Green: more than in the reference scenario, orange: less. The "
                           "largest gains and the largest losses."),
    "cmp_no_shifts": ("Geen terrein krijgt meer of minder dan in {base}.",
                      "No park gets more or less than in {base}."),
    "cmp_losers": ("Terreinen die minder krijgen, en waarom ({n})",
                   "Parks that get less, and why ({n})"),
    "cmp_assumptions": ("Aannames die verschillen", "Assumptions that differ"),
    "cmp_no_assumption_diff": ("De aannames zijn gelijk.", "The assumptions are the same."),
    "cmp_download": ("Vergelijking downloaden (.xlsx)", "Download comparison (.xlsx)"),
    "cmp_failed": ("De vergelijking kon niet worden gemaakt: {error}",
                   "The comparison could not be made: {error}"),
    "cmp_base_note": ("Verschillen zijn steeds ten opzichte van het eerste gekozen scenario "
                      "({base}).",
                      "Differences are always relative to the first scenario picked ({base})."),
    "log_title": ("Besluitenlog", "Decision log"),
    "log_pick": ("Gekozen scenario", "Chosen scenario"),
    "log_rationale": ("Motivering (één regel)", "Rationale (one line)"),
    "log_button": ("Markeer als gekozen", "Mark as chosen"),
    "log_done": ("Besluit vastgelegd: {label}.", "Decision recorded: {label}."),
    "log_empty": ("Nog geen besluiten vastgelegd.", "No decisions recorded yet."),
    "log_download": ("Besluitenlog downloaden (.xlsx)", "Download decision log (.xlsx)"),
    "log_need_rationale": ("Vul een motivering in.", "Fill in a rationale."),
    "d_when": ("Moment (Nederlandse tijd)", "When (Dutch time)"),
    "d_scenario": ("Scenario", "Scenario"),
    "d_rationale": ("Motivering", "Rationale"),
    "d_author": ("Vastgelegd door", "Recorded by"),
    "d_allocated": ("Toegekend (€)", "Allocated (€)"),
    "d_points": ("Waardepunten", "Value points"),
    "unavailable": ("Nog niet beschikbaar in deze versie: {what}.",
                    "Not yet available in this version: {what}."),
    # -- analyse page (tabs: frontier, leverage, choice; baselines, robustness, weights) ------
    "nav_analyse": ("Analyse", "Analysis"),
    "analyse_intro": ("De vragen die een stuurgroep na één verdeling stelt: wat levert meer "
                      "budget op, hoeveel privaat geld is te mobiliseren, wat kost een politieke "
                      "keuze, hoe verhoudt het plan zich tot de huidige praktijk en hoe robuust "
                      "is het.",
                      "The questions a steering committee asks after one allocation: what more "
                      "budget buys, how much private money can be mobilised, what a political "
                      "choice costs, how the plan compares to current practice and how robust "
                      "it is."),
    # -- monitoring and regional tables (issue 13) -------------------------------------------
    "mon_nav": ("Monitoring", "Monitoring"),
    "reg_nav": ("Regiotafels", "Regional tables"),
    "mon_solving": ("Plan en herplanning berekenen…", "Computing the plan and the re-plan…"),
    "mon_title": ("Monitoring en herplanning", "Monitoring and re-planning"),
    "mon_intro": ("Het transitiebudget loopt meerdere jaren. Volg hoe terreinen klimmen op de "
                  "organisatieladder, hoe draagvlak en draagkracht zich ontwikkelen, wat van het "
                  "plan is besteed en wat het oplevert, en plan de resterende jaren opnieuw "
                  "vanuit de laatste monitoringsronde.",
                  "The transition budget runs for years. Follow how parks climb the "
                  "organisation ladder, how support (draagvlak) and capacity (draagkracht) "
                  "develop, what of the plan was spent and what it achieved, and re-plan the "
                  "remaining years from the latest monitoring round."),
    "mon_none": ("Dit werkboek heeft nog geen monitoringgegevens. Voeg de bladen monitoring "
                 "(één rij per terrein per ronde) en realisatie (besteed geld per terrein, "
                 "categorie en jaar) toe; het sjabloon en de toelichting beschrijven de kolommen.",
                 "This workbook has no monitoring data yet. Add the sheets monitoring (one row "
                 "per park per round) and realisation (money spent per park, category and "
                 "year); the template and its explanation sheet describe the columns."),
    "mon_tab_progress": ("Voortgang", "Progress"),
    "mon_tab_replan": ("Herplanning", "Re-plan"),
    "mon_tab_forward": ("Volgend jaar", "Next year"),
    "mon_kpi_rounds": ("Monitoringsrondes", "Monitoring rounds"),
    "mon_kpi_spent": ("Besteed van gepland", "Spent of planned"),
    "mon_kpi_spent_help": ("{spent} besteed van {planned} gepland in de gerealiseerde jaren.",
                           "{spent} spent of {planned} planned in the realised years."),
    "mon_kpi_under": ("Terreinen met onderbesteding", "Parks under-spending"),
    "mon_kpi_ladder": ("Organisatieladder (laatste rondes)", "Organisation ladder (last rounds)"),
    "mon_ladder_title": ("Beweging op de organisatieladder per regio",
                         "Movement on the organisation ladder per region"),
    "mon_plan_round": ("plan (werkboek)", "plan (workbook)"),
    "mon_from": ("Van ronde", "From round"),
    "mon_to": ("Naar ronde", "To round"),
    "mon_spent_title": ("Gepland en besteed", "Planned and spent"),
    "mon_spent_caption": ("Publiek geld in de gerealiseerde jaren. Onderbesteding: minder dan "
                          "{share} van het geplande bedrag besteed.",
                          "Public money in the realised years. Under-spending: less than "
                          "{share} of the planned amount spent."),
    "mon_by": ("Per", "By"),
    "mon_by_year": ("Jaar", "Year"),
    "mon_by_category": ("Categorie", "Category"),
    "mon_by_region": ("Regio", "Region"),
    "mon_by_park": ("Terrein", "Park"),
    "mon_results_title": ("Resultaten per publieke euro", "Results per public euro"),
    "mon_results_caption": ("Resultaten tot nu toe (laatste ronde, cumulatief) en per "
                            "€ 100.000 besteed publiek geld.",
                            "Results so far (latest round, cumulative) and per € 100.000 of "
                            "public money spent."),
    "mon_falling_title": ("Draagvlak daalt terwijl er geld gepland is",
                          "Support falling while money is planned"),
    "mon_falling_warning": ("{n} terrein(en) met dalend draagvlak hebben nog geld gepland in de "
                            "komende jaren: bespreek dit aan de regiotafel voordat het geld "
                            "wordt besteed.",
                            "{n} park(s) with falling support still have money planned in the "
                            "coming years: discuss them at the regional table before the money "
                            "is spent."),
    "mon_falling_none": ("Geen terrein met dalend draagvlak heeft nog geld gepland.",
                         "No park with falling support has money planned."),
    "mon_trend_title": ("Trend per terrein", "Trend per park"),
    "mon_pick_park": ("Terrein", "Park"),
    "mon_replan_intro": ("De herplanning verdeelt het resterende budget opnieuw met hetzelfde "
                         "model: gerealiseerde jaren liggen vast op wat is besteed, de "
                         "terreingegevens komen uit de laatste monitoringsronde. In de "
                         "resterende jaren gelden alle regels weer, met wat al besteed is "
                         "meegeteld (doorschuiven, aandeel per gemeente), en een onafhankelijke "
                         "controle rekent de herplanning na.",
                         "The re-plan divides the remaining budget again with the same "
                         "model: realised years are fixed at what was spent, park data come "
                         "from the latest monitoring round. Every rule applies again in the "
                         "remaining years, counting what was already spent (carry-over, share "
                         "per municipality), and an independent check recomputes the re-plan."),
    "mon_none_realised": ("geen", "none"),
    "mon_kpi_fixed": ("Gerealiseerde jaren (vast)", "Realised years (fixed)"),
    "mon_kpi_changes": ("Gewijzigde terreingegevens", "Park data changed"),
    "mon_kpi_value_plan": ("Waardepunten plan", "Value points plan"),
    "mon_kpi_value_replan": ("Waardepunten herplanning", "Value points re-plan"),
    "mon_eval_bad": ("De onafhankelijke controle vond {n} gebroken regel(s) in de herplanning.",
                     "The independent check found {n} broken rule(s) in the re-plan."),
    "mon_eval_ok": ("Onafhankelijk gecontroleerd: de herplanning houdt zich in de resterende "
                    "jaren aan alle regels; waarde {value} punten.",
                    "Independently checked: the re-plan keeps every rule in the remaining "
                    "years; value {value} points."),
    "mon_facts_title": ("Gerealiseerde uitgaven buiten de regels ({n}): feiten, geen fout",
                        "Realised spending outside the rules ({n}): facts, not errors"),
    "mon_moves_title": ("Wat verschuift ten opzichte van het plan, en waarom",
                        "What moved against the plan, and why"),
    "mon_only_moved": ("Alleen terreinen die verschuiven", "Only parks that moved"),
    "mon_move_line": ("Resterende jaren: {before} gepland, nu **{after}** ({change}).",
                      "Remaining years: {before} planned, now **{after}** ({change})."),
    "mon_dl_replan": ("Herplanning downloaden (.xlsx)", "Download re-plan (.xlsx)"),
    "mon_forward_intro": ("Het werkboek voor het volgende jaar: de resterende jaren met hun "
                          "budget (met doorschuiven: plus wat niet is besteed), de "
                          "terreingegevens uit de laatste ronde en de monitoringsrondes.",
                          "Next year's workbook: the remaining years with their budget (with "
                          "carry-over: plus what was not spent), the park data of the latest "
                          "round and the monitoring rounds."),
    "mon_forward_years": ("Nieuw werkboek voor **{first}–{last}**, budget {budget}.",
                          "New workbook for **{first}–{last}**, budget {budget}."),
    "mon_dl_forward": ("Werkboek volgend jaar downloaden (.xlsx)",
                       "Download next year's workbook (.xlsx)"),
    "mon_total": ("totaal", "total"),
    "mon_up": ("Omhoog", "Up"),
    "mon_same": ("Gelijk", "Same"),
    "mon_down": ("Teruggevallen", "Fell back"),
    "mon_not_measured": ("Niet gemeten", "Not measured"),
    "mon_name": ("Naam", "Name"),
    "mon_planned": ("Gepland", "Planned"),
    "mon_spent": ("Besteed", "Spent"),
    "mon_spent_private": ("Privaat besteed", "Private spent"),
    "mon_share": ("Besteed van gepland", "Spent of planned"),
    "mon_under": ("Signaal", "Flag"),
    "mon_under_flag": ("onderbesteed", "under-spent"),
    "mon_ind_energy": ("Energie (MWh)", "Energy (MWh)"),
    "mon_ind_circularity": ("Circulariteit (ton)", "Circularity (tonnes)"),
    "mon_ind_economy": ("Economie (banen)", "Economy (jobs)"),
    "mon_ind_cooperation": ("Samenwerking (projecten)", "Cooperation (projects)"),
    "mon_per_100k": ("per € 100.000", "per € 100.000"),
    "mon_park": ("Terrein", "Park"),
    "mon_dv_before": ("Draagvlak ervoor", "Support before"),
    "mon_dv_now": ("Draagvlak nu", "Support now"),
    "mon_round": ("Ronde", "Round"),
    "mon_planned_ahead": ("Nog gepland", "Still planned"),
    "mon_level": ("Organisatiegraad", "Organisation level"),
    "mon_draagvlak": ("Draagvlak", "Support"),
    "mon_capacity": ("Draagkracht (€/jaar)", "Capacity (€/year)"),
    "mon_participating": ("Deelnemende bedrijven", "Participating companies"),
    "mon_planned_rest": ("Gepland, resterende jaren", "Planned, remaining years"),
    "mon_replanned_rest": ("Herplanning", "Re-plan"),
    "mon_change": ("Verschil", "Change"),
    "mon_why": ("Wat veranderde", "What changed"),
    "mon_explanation": ("Uitleg herplanning", "Re-plan explanation"),
    "mon_goal": ("Doel", "Goal"),
    "mon_result": ("Resultaat tot nu toe", "Result so far"),
    "reg_title": ("Regiotafels", "Regional tables"),
    "reg_intro": ("Per regio: de terreinen, het geld, de beweging op de organisatieladder en de "
                  "voortgang, om met gemeenten en ondernemers aan de regiotafel te bespreken. "
                  "Download de regiowerkmap en de factsheets (pdf).",
                  "Per region: its parks, money, movement on the organisation ladder and "
                  "progress, to discuss with municipalities and entrepreneurs at the regional "
                  "table. Download the regional workbook and the fact sheets (pdf)."),
    "reg_pick": ("Regio", "Region"),
    "reg_region": ("Regio", "Region"),
    "reg_parks": ("Terreinen", "Parks"),
    "reg_public": ("Publiek (huidig plan)", "Public (current plan)"),
    "reg_private": ("Privaat (huidig plan)", "Private (current plan)"),
    "reg_plan": ("Oorspronkelijk plan", "Original plan"),
    "reg_current": ("Huidig plan", "Current plan"),
    "reg_municipality": ("Gemeente", "Municipality"),
    "reg_ladder": ("Ladder plan → nu", "Ladder plan → now"),
    "reg_current_is_replan": ("Het huidige plan is de herplanning: gerealiseerde jaren zoals "
                              "besteed, de rest opnieuw verdeeld.",
                              "The current plan is the re-plan: realised years as spent, the "
                              "rest divided again."),
    "reg_ladder_line": ("Organisatieladder van {a} naar {b}: **{up}** omhoog, {same} gelijk, "
                        "**{down}** teruggevallen, {none} niet gemeten.",
                        "Organisation ladder from {a} to {b}: **{up}** up, {same} same, "
                        "**{down}** fell back, {none} not measured."),
    "reg_parks_title": ("Terreinen in de regio", "Parks in the region"),
    "reg_years_title": ("Geld per jaar", "Money per year"),
    "reg_exports": ("Voor de regiotafel", "For the regional table"),
    "reg_dl_xlsx": ("Regiowerkmap (.xlsx)", "Regional workbook (.xlsx)"),
    "reg_dl_pdf": ("Factsheet regio (.pdf)", "Regional fact sheet (.pdf)"),
    "reg_pick_park": ("Factsheet van terrein", "Fact sheet of park"),
    "reg_dl_park_pdf": ("Factsheet terrein (.pdf)", "Park fact sheet (.pdf)"),
    # budget frontier, leverage, price of a choice (ui.analysis_frontier/_leverage/_choice)
    "an_frontier_tab": ("Meer of minder budget", "More or less budget"),
    "an_frontier_intro": (
        "Wat levert het budget op als het kleiner of groter is? Elk punt is dezelfde "
        "berekening als de verdeling, met elk jaarbudget (en het gemeenteaandeel) met dezelfde "
        "factor geschaald, van 0% tot 200% van het huidige plan.",
        "What does the budget achieve when it is smaller or larger? Every point is the same "
        "calculation as the allocation, with every year's budget (and the municipality share) "
        "scaled by the same factor, from 0% to 200% of the current plan."),
    "an_frontier_points": ("Aantal punten", "Number of points"),
    "an_frontier_run": ("Bereken de budgetgrens", "Compute the budget frontier"),
    "an_frontier_progress": ("Budgetgrens: punt {done} van {total}",
                             "Budget frontier: point {done} of {total}"),
    "an_frontier_chart": ("Waarde bij meer of minder budget", "Value with more or less budget"),
    "an_frontier_caption": (
        "De ruit is het huidige plan. De knik is het punt dat het verst boven de rechte lijn "
        "van het eerste naar het laatste punt ligt: daarboven levert elk extra miljoen "
        "duidelijk minder op.",
        "The diamond is the current plan. The knee is the point farthest above the straight "
        "line from the first to the last point: beyond it each extra million buys clearly "
        "less."),
    "an_frontier_table": ("Alle punten", "All points"),
    "an_frontier_download": ("Resultaten met budgetgrens (.xlsx)",
                             "Results with budget frontier (.xlsx)"),
    "an_frontier_show": ("Toon wat meer of minder budget oplevert",
                         "Show what more or less budget buys"),
    "an_frontier_col_factor": ("Budget (% van plan)", "Budget (% of plan)"),
    "an_frontier_col_budget": ("Budget", "Budget"),
    "an_frontier_col_points": ("Waardepunten", "Value points"),
    "an_frontier_col_private": ("Privaat", "Private"),
    "an_frontier_col_funded": ("Terreinen met geld", "Parks funded"),
    "an_frontier_col_marginal": ("Punten per extra € 1 mln (tot volgend punt)",
                                 "Points per extra € 1 mln (to next point)"),
    "an_frontier_col_mark": ("Markering", "Mark"),
    "an_frontier_mark_plan": ("huidig plan", "current plan"),
    "an_frontier_mark_knee": ("knik", "knee"),
    "an_leverage_tab": ("Hefboom", "Leverage"),
    "an_leverage_intro": (
        "Private cofinanciering is uitgangspunt. Hoeveel meer privaat geld kan het plan "
        "mobiliseren als de provincie een klein verlies aan waarde accepteert (0 tot 20%)? Per "
        "verlies: de verdeling met het meeste private geld, en daarbinnen de meeste waarde.",
        "Private co-financing is the principle. How much more private money can the plan "
        "mobilise if the province accepts a small loss of value (0 to 20%)? Per loss: the "
        "allocation with the most private money, and among those the most value."),
    "an_leverage_run": ("Bereken de hefboom", "Compute the leverage"),
    "an_leverage_progress": ("Hefboom: berekening {done} van {total}",
                             "Leverage: computation {done} of {total}"),
    "an_leverage_chart": ("Privaat geld bij een klein waardeverlies",
                          "Private money at a small loss of value"),
    "an_leverage_pick": ("Welke terreinen winnen of verliezen bij", "Which parks gain or lose at"),
    "an_leverage_none": ("Bij dit verlies krijgt geen enkel terrein ander publiek geld dan in "
                         "het plan.",
                         "At this loss no park receives different public money than in the "
                         "plan."),
    "an_leverage_download": ("Resultaten met hefboom (.xlsx)", "Results with leverage (.xlsx)"),
    "an_leverage_col_loss": ("Waardeverlies", "Value loss"),
    "an_leverage_col_points": ("Waardepunten", "Value points"),
    "an_leverage_col_private": ("Privaat", "Private"),
    "an_leverage_col_public": ("Publiek", "Public"),
    "an_leverage_col_leverage": ("Hefboom", "Leverage"),
    "an_leverage_col_gain": ("Meer privaat dan plan", "More private than plan"),
    "an_leverage_col_park": ("Terrein", "Park"),
    "an_leverage_col_name": ("Naam", "Name"),
    "an_leverage_col_plan": ("Publiek in plan", "Public in plan"),
    "an_leverage_col_change": ("Verschil publiek", "Change public"),
    "an_leverage_col_pchange": ("Verschil privaat", "Change private"),
    "an_choice_tab": ("Prijs van een keuze", "Price of a choice"),
    "an_choice_intro": (
        "Wat kost het om een terrein verplicht mee te nemen (bijvoorbeeld een toezegging van "
        "een wethouder) of juist uit te sluiten? Zonder bedrag betekent 'erin' de strategische "
        "bodem in elk jaar, of, als er geen bodem is, het kleinste bedrag waarmee het terrein "
        "geld krijgt.",
        "What does it cost to force a park in (for instance an alderman's promise) or to leave "
        "it out? Without an amount, 'in' means the strategic floor in every year, or, with no "
        "floor set, the smallest amount that makes the park funded."),
    "an_choice_in": ("Verplicht erin", "Force in"),
    "an_choice_out": ("Verplicht eruit", "Force out"),
    "an_choice_placeholder": ("Kies terreinen", "Choose parks"),
    "an_choice_amount": ("Minstens (€ over de hele periode; 0 = bodem of kleinste bedrag): {park}",
                         "At least (€ over the whole period; 0 = floor or smallest amount): "
                         "{park}"),
    "an_choice_run": ("Bereken de prijs", "Compute the price"),
    "an_choice_pick_first": ("Kies minstens één terrein om erin of eruit te zetten.",
                             "Choose at least one park to force in or out."),
    "an_choice_progress": ("Prijs van de keuze: berekening {done} van {total}",
                           "Price of the choice: computation {done} of {total}"),
    "an_choice_before": ("Waarde voor", "Value before"),
    "an_choice_after": ("Waarde na", "Value after"),
    "an_choice_lost": ("Waardeverlies", "Value lost"),
    "an_choice_moved": ("Verschoven budget", "Budget moved"),
    "an_choice_moved_help": ("Publiek geld dat de terreinen die verliezen samen kwijtraken.",
                             "Public money the parks that lose give up together."),
    "an_choice_chart": ("Wie betaalt voor de keuze", "Who pays for the choice"),
    "an_choice_infeasible": ("Met deze keuze is er geen toelaatbare verdeling:",
                             "With this choice there is no feasible allocation:"),
    "an_choice_save": ("Bewaar als scenario", "Save as scenario"),
    "an_choice_save_exact": (
        "De keuze is exact in de gegevens uit te drukken en wordt zo bewaard: een terrein "
        "'eruit' krijgt opnamecapaciteit € 0 en is niet strategisch; een terrein 'erin' op de "
        "bodem wordt strategisch.",
        "The choice can be written exactly as data and is saved that way: a park 'out' gets "
        "absorption capacity € 0 and is not strategic; a park 'in' at the floor becomes "
        "strategic."),
    "an_choice_save_note": (
        "Een minimumbedrag per terrein kan het werkboek niet uitdrukken. Het scenario wordt "
        "bewaard met de gegevens van het plan, en de keuze staat in de notitie.",
        "A minimum amount per park cannot be written in the workbook. The scenario is saved "
        "with the plan's data, and the choice is written in the note."),
    "an_choice_saved": ("Bewaard als {label}.", "Saved as {label}."),
    "an_choice_download": ("Resultaten met prijs van de keuze (.xlsx)",
                           "Results with price of the choice (.xlsx)"),
    "an_choice_col_park": ("Terrein", "Park"),
    "an_choice_col_name": ("Naam", "Name"),
    "an_choice_col_before": ("Publiek voor", "Public before"),
    "an_choice_col_after": ("Publiek na", "Public after"),
    "an_choice_col_change": ("Verschil publiek", "Change public"),
    "an_choice_col_pchange": ("Verschil privaat", "Change private"),
    "an_plan_not_solved": ("Het plan zelf heeft geen toelaatbare verdeling; zie de pagina "
                           "Verdeling voor de diagnose.",
                           "The plan itself has no feasible allocation; see the Allocation page "
                           "for the diagnosis."),
    # analyses of issue 10 (baselines, robustness, weights) and their shared run helper
    "an_progress_start": ("Bereken", "Compute"),
    "an_progress_stop": ("Stop de berekening", "Stop the computation"),
    "an_progress_stopped": ("De berekening is gestopt. Er is niets bewaard; start opnieuw "
                            "wanneer u wilt.",
                            "The computation was stopped. Nothing was kept; start again "
                            "whenever you like."),
    "an_progress_begin": ("Bezig met starten…", "Starting…"),
    "an_progress_text": ("{done} van {total} {unit} {left}", "{done} of {total} {unit} {left}"),
    "an_progress_left": ("· nog ongeveer {seconds}", "· about {seconds} left"),
    "an_progress_done": ("Klaar in {seconds}.", "Done in {seconds}."),
    "an_progress_download": ("Resultatenwerkboek met deze analyse (Excel)",
                             "Results workbook with this analysis (Excel)"),
    "an_progress_failed": ("Deze analyse heeft geen uitkomst.", "This analysis has no result."),
    "an_base_tab": ("Huidige praktijk", "Current practice"),
    "an_robust_tab": ("Tekort aan cofinanciering", "Co-financing shortfall"),
    "an_weights_tab": ("Stabiliteit gewichten", "Weight stability"),
    "an_base_intro": (
        "Hoe zou hetzelfde budget onder dezelfde regels verdeeld worden zoals het nu vaak gaat? "
        "**Loket** (wie het eerst komt, het eerst maalt: aanvragen in willekeurige volgorde, "
        "elk jaar opnieuw), **pro rata** (iedereen hetzelfde aandeel van wat hij kan "
        "gebruiken) en **tender** (rangorde naar waarde per publieke euro, zoals de SDE++). "
        "Elk terrein vraagt het meeste dat zijn eigen regels toestaan, in zijn beste categorie.",
        "How would the same budget be divided under the same rules the way it is often done "
        "today? **First come, first served** (applications in random order, anew each year), "
        "**pro rata** (everyone the same share of what it can use) and **tender** (ranked by "
        "value per public euro, as in SDE++). Each park asks the most its own rules allow, in "
        "its best category."),
    "an_base_draws": ("Aantal volgordes (loket)", "Number of orders (first come)"),
    "an_base_seed": ("Startwaarde toeval (seed)", "Random seed"),
    "an_base_unit": ("volgordes", "orders"),
    "an_base_headline": (
        "Het loket laat **{share}** van de waarde liggen; pro rata {pro_rata}, de tender "
        "{tender}.",
        "First come, first served leaves **{share}** of the value on the table; pro rata "
        "{pro_rata}, the tender {tender}."),
    "an_base_chart": ("Waarde per verdeelmethode", "Value per method"),
    "an_base_chart_caption": (
        "Groen: het optimale plan. De zwarte lijn bij het loket loopt van het 10e tot het 90e "
        "percentiel over de volgordes; het percentage is de waarde die blijft liggen.",
        "Green: the optimal plan. The black line at first come, first served runs from the "
        "10th to the 90th percentile over the orders; the percentage is the value left on the "
        "table."),
    "an_base_col_method": ("Methode", "Method"),
    "an_base_col_value": ("Waardepunten", "Value points"),
    "an_base_col_range": ("p10 – p90", "p10 – p90"),
    "an_base_col_private": ("Privaat gemobiliseerd", "Private money"),
    "an_base_col_public": ("Publiek besteed", "Public money spent"),
    "an_base_col_parks": ("Terreinen gefinancierd", "Parks funded"),
    "an_base_col_left": ("Waarde blijft liggen", "Value left"),
    "an_base_col_park": ("Terrein", "Park"),
    "an_base_col_plan": ("Plan", "Plan"),
    "an_base_col_loket": ("Loket gemiddeld", "First come, mean"),
    "an_base_col_loket_p": ("Loket: kans gefinancierd", "First come: probability funded"),
    "an_base_col_pro_rata": ("Pro rata", "Pro rata"),
    "an_base_col_tender": ("Tender", "Tender"),
    "an_base_exact": ("Alle {n} volgordes van het loket zijn doorgerekend (het gemiddelde is "
                      "exact).",
                      "All {n} orders of first come, first served were computed (the mean is "
                      "exact)."),
    "an_base_random": ("{n} willekeurige volgordes van het loket (startwaarde toeval {seed}).",
                       "{n} random orders for first come, first served (seed {seed})."),
    "an_base_checked": ("Alle {n} verdelingen houden zich aan alle regels van de verdeling "
                        "(onafhankelijk gecontroleerd) en zijn op dezelfde manier in "
                        "waardepunten gewaardeerd.",
                        "All {n} allocations keep to every rule of the allocation (checked "
                        "independently) and are valued in value points the same way."),
    "an_base_violations": ("Let op: {n} regelovertreding(en) gevonden in de basisverdelingen.",
                           "Warning: {n} rule violation(s) found in the baselines."),
    "an_base_only_loket": ("Het loket financiert, het plan niet ({n})",
                           "Funded by first come, not by the plan ({n})"),
    "an_base_only_plan": ("Het plan financiert, het loket niet ({n})",
                          "Funded by the plan, not by first come ({n})"),
    "an_base_per_park": ("Per terrein", "Per park"),
    "an_base_rules": (
        "Strategische bodems worden elk jaar eerst betaald; daarna verdeelt de methode wat "
        "over is, binnen het aandeel per gemeente. 'Het loket financiert' betekent: in ten "
        "minste de helft van de volgordes.",
        "Strategic floors are paid first every year; the method then divides what is left, "
        "within each municipality's share. 'Funded by first come' means: in at least half of "
        "the orders."),
    "an_robust_intro": (
        "Wat als partners minder cofinanciering inbrengen dan beloofd? In elke trekking krijgt "
        "elk terrein minder private capaciteit en wordt de verdeling opnieuw berekend.",
        "What if partners bring in less co-financing than promised? In each draw every park "
        "gets less private capacity and the allocation is computed again."),
    "an_robust_draws": ("Aantal trekkingen", "Number of draws"),
    "an_robust_seed": ("Startwaarde toeval (seed)", "Random seed"),
    "an_robust_mean": ("Gemiddeld geleverd deel van de belofte",
                       "Share of the promise delivered on average"),
    "an_robust_fixed": ("Vast tekort", "Fixed shortfall"),
    "an_robust_fixed_doc": ("Vast tekort: elk terrein levert precies {pct} van zijn beloofde "
                            "cofinanciering (één berekening).",
                            "Fixed shortfall: every park delivers exactly {pct} of its promised "
                            "co-financing (one computation)."),
    "an_robust_unit": ("trekkingen", "draws"),
    "an_robust_plan_value": ("Waarde plan", "Plan value"),
    "an_robust_value_median": ("Waarde bij tekort (mediaan)", "Value under shortfall (median)"),
    "an_robust_value_help": ("In 8 van de 10 trekkingen tussen {p10} en {p90} waardepunten.",
                             "In 8 of 10 draws between {p10} and {p90} value points."),
    "an_robust_core": ("Robuuste kern", "Robust core"),
    "an_robust_core_help": ("Terreinen die in ten minste 90% van de trekkingen geld krijgen.",
                            "Parks funded in at least 90% of the draws."),
    "an_robust_fragile": ("Kwetsbaar", "Fragile"),
    "an_robust_fragile_help": ("Terreinen die het plan financiert, maar in minder dan 90% van "
                               "de trekkingen.",
                               "Parks the plan funds, but in fewer than 90% of the draws."),
    "an_robust_unspent": (
        "Blijft het plan ongewijzigd, dan kan gemiddeld **{eur}** ({share}) niet worden "
        "besteed omdat partners te weinig inbrengen (in 1 op 10 trekkingen meer dan {p90}).",
        "If the plan is kept as it is, on average **{eur}** ({share}) cannot be spent because "
        "partners bring in too little (in 1 of 10 draws more than {p90})."),
    "an_robust_fan": ("Toekenning per terrein bij tekort", "Allocation per park under shortfall"),
    "an_robust_fan_caption": (
        "Balk: 10e tot 90e percentiel over de trekkingen; streep: mediaan; ruit: het plan. De "
        "25 terreinen met de grootste toekenning in het plan.",
        "Bar: 10th to 90th percentile over the draws; tick: median; diamond: the plan. The 25 "
        "parks with the largest allocation in the plan."),
    "an_robust_hist": ("Totale waarde over de trekkingen", "Total value over the draws"),
    "an_robust_table": ("Robuust en kwetsbaar", "Robust and fragile"),
    "an_robust_col_park": ("Terrein", "Park"),
    "an_robust_col_group": ("Groep", "Group"),
    "an_robust_col_p": ("Kans gefinancierd", "Probability funded"),
    "an_robust_col_plan": ("Plan", "Plan"),
    "an_robust_col_range": ("Bij tekort (p10 – p90)", "Under shortfall (p10 – p90)"),
    "an_robust_seeded": ("{n} trekkingen, startwaarde toeval {seed}, in {seconds}: dezelfde "
                         "invoer geeft hetzelfde rapport.",
                         "{n} draws, seed {seed}, in {seconds}: the same input gives the same "
                         "report."),
    "an_weights_intro": (
        "Welke terreinen krijgen geld, wat de stuurgroep ook benadrukt? Per doel het bereik "
        "van zijn gewicht waarbinnen dezelfde terreinen geld krijgen, en per terrein hoe vaak "
        "het geld krijgt bij wegingen rond de huidige.",
        "Which parks are funded whatever the committee emphasises? Per goal the range of its "
        "weight within which the same parks are funded, and per park how often it is funded "
        "under weightings near the current one."),
    "an_weights_draws": ("Aantal wegingen", "Number of weightings"),
    "an_weights_seed": ("Startwaarde toeval (seed)", "Random seed"),
    "an_weights_radius": ("Omgeving: elk gewicht binnen", "Neighbourhood: each weight within"),
    "an_weights_unit": ("berekeningen", "computations"),
    "an_weights_core": ("Kern", "Core"),
    "an_weights_core_help": ("Gefinancierd bij elke getrokken weging.",
                             "Funded under every weighting drawn."),
    "an_weights_borderline": ("Twijfel", "Borderline"),
    "an_weights_borderline_help": ("Gefinancierd bij een deel van de wegingen.",
                                   "Funded under some of the weightings."),
    "an_weights_exterior": ("Buiten", "Exterior"),
    "an_weights_exterior_help": ("Bij geen enkele getrokken weging gefinancierd.",
                                 "Funded under none of the weightings drawn."),
    "an_weights_intervals": ("Bereik per doelgewicht", "Range per goal weight"),
    "an_weights_intervals_caption": (
        "Balk: het aandeel van het doel in de weging waarbinnen dezelfde terreinen geld "
        "krijgen (de andere doelen houden hun onderlinge verhouding); streep: het huidige "
        "aandeel. Gezocht met een raster van 10 stappen en halvering tot op 0,1 procentpunt.",
        "Bar: the goal's share of the weighting within which the same parks are funded (the "
        "other goals keep their proportions); tick: the current share. Found with a grid of 10 "
        "steps and bisection to within 0,1 percentage point."),
    "an_weights_col_goal": ("Doel", "Goal"),
    "an_weights_col_now": ("Nu", "Now"),
    "an_weights_col_range": ("Zelfde terreinen van – tot", "Same parks from – to"),
    "an_weights_col_below": ("Eronder", "Below"),
    "an_weights_col_above": ("Erboven", "Above"),
    "an_weights_table": ("Kern en twijfel", "Core and borderline"),
    "an_weights_col_park": ("Terrein", "Park"),
    "an_weights_col_class": ("Klasse", "Class"),
    "an_weights_col_share": ("Aandeel wegingen gefinancierd", "Share of weightings funded"),
    "an_weights_col_plan": ("In het plan", "In the plan"),
    "an_weights_seeded": ("{n} wegingen, startwaarde toeval {seed}.",
                          "{n} weightings, seed {seed}."),
    # -- compare page: what moved the money (issue 23) ---------------------------------
    "attr_title": ("Waardoor verschuift het geld?", "What moved the money?"),
    "attr_intro": ("Welke wijziging van de aannames veroorzaakt welk deel van het verschil? "
                   "Elke combinatie van de wijzigingen wordt opnieuw doorgerekend; het deel "
                   "van een wijziging is het gemiddelde over alle volgordes waarin ze kunnen "
                   "worden doorgevoerd (Shapley-waarde), zodat de delen precies optellen tot "
                   "het verschil.",
                   "Which change of assumptions causes which part of the difference? Every "
                   "combination of the changes is solved again; a change's share is the "
                   "average over every order in which the changes can be made (Shapley "
                   "value), so the shares add up exactly to the difference."),
    "attr_pick_other": ("Verklaar het verschil met", "Explain the difference with"),
    "attr_no_changes": ("De aannames van de twee scenario's zijn gelijk: er valt niets te "
                        "verklaren.",
                        "The two scenarios have the same assumptions: nothing to explain."),
    "attr_groups": ("{n} groepen wijzigingen: {names}.", "{n} groups of changes: {names}."),
    "attr_many": ("Meer dan zes groepen: elke volgorde doorrekenen duurt te lang. Kies:",
                  "More than six groups: solving every order takes too long. Choose:"),
    "attr_many_merge": ("verwante groepen samenvoegen (exact)",
                        "merge related groups (exact)"),
    "attr_many_sample": ("alle groepen, geschat uit {n} volgordes (met steekproeffout)",
                         "all groups, estimated from {n} orders (with sampling error)"),
    "attr_unit": ("herberekeningen", "re-solves"),
    "attr_total": ("De totale waarde", "The total value"),
    "attr_park": ("Per terrein", "Per park"),
    "attr_pick_park": ("Terrein", "Park"),
    "attr_losers": ("Grootste verliezers ({n})", "Largest losers ({n})"),
    "attr_gainers": ("Grootste winnaars ({n})", "Largest gainers ({n})"),
    "attr_none": ("Geen.", "None."),
    # -- the data round: request workbooks, returns, merge report, provenance (ui/request.py)
    "request_title": ("Uitvraag aan gemeenten en parkorganisaties",
                      "Data round with municipalities and park organisations"),
    "request_intro": ("Stuur elke gemeente, parkorganisatie of regio een eigen werkboek met "
                      "alleen haar terreinen, vooraf ingevuld; alleen de gevraagde velden staan "
                      "open. Upload de teruggestuurde werkboeken: elk bestand wordt apart "
                      "gecontroleerd, daarna ziet u per terrein en veld de oude en nieuwe "
                      "waarde en welk bestand die leverde. Van elke overgenomen waarde blijft "
                      "de herkomst bewaard.",
                      "Send each municipality, park organisation or region a workbook of its "
                      "own with only its parks, pre-filled; only the requested fields are "
                      "open. Upload the returned workbooks: each file is checked on its own, "
                      "then you see per park and field the old and new value and which file "
                      "supplied it. The provenance of every accepted value is kept."),
    "request_kind": ("Soort uitvraag", "Kind of request"),
    "request_kind_parks": ("Terreingegevens", "Park data"),
    "request_kind_monitoring": ("Monitoringsronde", "Monitoring round"),
    "request_make_title": ("1. Uitvraagwerkboeken maken", "1. Make the request workbooks"),
    "request_by": ("Eén werkboek per", "One workbook per"),
    "request_by_municipality": ("gemeente", "municipality"),
    "request_by_organisation": ("parkorganisatie", "park organisation"),
    "request_by_region": ("regio", "region"),
    "request_due": ("Terugsturen vóór", "Return by"),
    "request_fields": ("Gevraagde velden", "Requested fields"),
    "request_contact": ("Terugsturen aan (naam, e-mail)", "Return to (name, e-mail)"),
    "request_round_date": ("Datum van de monitoringsronde", "Date of the monitoring round"),
    "request_make": ("Uitvraag maken", "Make the requests"),
    "request_made": ("{n} uitvraagwerkboek(en) gemaakt, rondecode {code}.",
                     "{n} request workbook(s) made, round code {code}."),
    "request_download": ("Alle uitvraagwerkboeken downloaden (.zip)",
                         "Download all request workbooks (.zip)"),
    "request_upload": ("2. Teruggestuurde werkboeken uploaden (meerdere tegelijk)",
                       "2. Upload the returned workbooks (several at once)"),
    "request_upload_help": ("De ingevulde uitvraagwerkboeken (.xlsx). Elk bestand wordt apart "
                            "gecontroleerd; een afgekeurd bestand houdt de andere niet tegen.",
                            "The filled-in request workbooks (.xlsx). Each file is checked on "
                            "its own; a refused file does not hold up the others."),
    "request_checking": ("De bestanden worden gecontroleerd…", "Checking the files…"),
    "request_report": ("3. Samenvoegrapport", "3. Merge report"),
    "request_summary": ("{used} van {total} bestand(en) gebruikt; uitvraagronde {code}.",
                        "{used} of {total} file(s) used; request round {code}."),
    "request_no_round": ("(geen ronde bij de huidige gegevens)", "(none for the current data)"),
    "request_refused_n": ("{n} bestand(en) geweigerd; de reden staat in de tabel. De andere "
                          "bestanden worden gewoon gebruikt.",
                          "{n} file(s) refused; the reason is in the table. The other files "
                          "are used as usual."),
    "request_rows_ignored": ("gebruikt; {n} rij(en) niet overgenomen, zie de problemen",
                             "used; {n} row(s) not taken, see the problems"),
    "request_used": ("gebruikt", "used"),
    "request_refused": ("geweigerd", "refused"),
    "request_problems": ("Problemen per bestand", "Problems per file"),
    "request_warnings": ("Waarschuwingen: onwaarschijnlijke sprongen",
                         "Warnings: implausible jumps"),
    "request_conflicts_n": ("{n} conflict(en): twee bestanden voor één terrein, of een waarde "
                            "veranderd die niet gevraagd was. Die worden niet vanzelf "
                            "overgenomen.",
                            "{n} conflict(s): two files for one park, or a value changed that "
                            "was not asked for. They are not taken by themselves."),
    "request_changes": ("Wijzigingen per terrein en veld", "Changes per park and field"),
    "request_no_changes": ("Geen gewijzigde waarden in de gebruikte bestanden.",
                           "No changed values in the files used."),
    "request_missing": ("Geen antwoord voor {n} terrein(en)", "No return for {n} park(s)"),
    "request_st_change": ("wijziging", "change"),
    "request_st_files": ("conflict: twee bestanden", "conflict: two files"),
    "request_st_not_asked": ("conflict: niet gevraagd, niet overgenomen",
                             "conflict: not asked, not taken"),
    "request_choose": ("Twee bestanden voor één terrein: welk bestand telt?",
                       "Two files for one park: which file counts?"),
    "request_choose_park": ("Terrein {park}", "Park {park}"),
    "request_choose_none": ("(niet overnemen)", "(do not take)"),
    "request_accept_all": ("Alles overnemen", "Accept all"),
    "request_accept_parks": ("Of kies de terreinen die u overneemt",
                             "Or choose the parks to accept"),
    "request_pick_parks": ("Kies terreinen", "Choose parks"),
    "request_accept_some": ("Gekozen terreinen overnemen", "Accept the chosen parks"),
    "request_accepted": ("{n} waarde(n) van {parks} terrein(en) overgenomen uit uitvraagronde "
                         "{code}. De herkomst staat onderaan deze pagina.",
                         "{n} value(s) of {parks} park(s) accepted from request round {code}. "
                         "The provenance is at the bottom of this page."),
    "request_merge_invalid": ("De samengevoegde gegevens zijn niet geldig; er is niets "
                              "overgenomen: {error}",
                              "The merged data are not valid; nothing was taken: {error}"),
    "request_prov_title": ("Herkomst per terrein", "Provenance per park"),
    "request_prov_intro": ("{n} waarde(n) komen uit een uitvraagronde: per waarde welke ronde, "
                           "welk bestand, welke partij en wanneer.",
                           "{n} value(s) came from a request round: per value which round, "
                           "which file, which party and when."),
    "request_prov_park": ("Terrein", "Park"),
    "request_f_participating_companies": ("Deelnemende bedrijven", "Participating companies"),
    "request_f_result_energy_mwh": ("Resultaat energie (MWh)", "Result energy (MWh)"),
    "request_f_result_circularity_tonnes": ("Resultaat circulariteit (ton)",
                                            "Result circularity (tonnes)"),
    "request_f_result_economy_jobs": ("Resultaat economie (banen)", "Result economy (jobs)"),
    "request_f_result_cooperation_projects": ("Resultaat samenwerking (projecten)",
                                              "Result cooperation (projects)"),
    "request_h_file": ("Bestand", "File"),
    "request_h_party": ("Partij", "Party"),
    "request_h_state": ("Status", "Status"),
    "request_h_reason": ("Reden", "Reason"),
    "request_h_field": ("Veld", "Field"),
    "request_h_old": ("Oud", "Old"),
    "request_h_new": ("Nieuw", "New"),
    "request_h_value": ("Waarde", "Value"),
    "request_h_status": ("Beoordeling", "Assessment"),
    "request_h_round": ("Ronde", "Round"),
    "request_h_saved": ("Opgeslagen door partij", "Saved by the party"),
    "request_h_merged": ("Samengevoegd", "Merged"),
    "request_empty": ("(leeg)", "(empty)"),
    "request_yes": ("ja", "yes"),
    "request_no": ("nee", "no"),
    # -- accessibility (ui/a11y.py) ------------------------------------------------------
    "a11y_page_title": ("{page} — {app}", "{page} — {app}"),
    "a11y_numbers": ("Cijfers bij deze grafiek", "Numbers behind this chart"),
    "a11y_numbers_of": ("Cijfers: {what}", "Numbers: {what}"),
    "a11y_chart": ("Grafiek", "Chart"),
    "a11y_chart_what": ("{measure} per {by}", "{measure} by {by}"),
    "a11y_chart_and": (" en ", " and "),
    "a11y_chart_sentence": ("{what}: {n} waarden, de hoogste is {top} ({label}).",
                            "{what}: {n} values, the highest is {top} ({label})."),
    "a11y_chart_total": (" Samen {total}.", " Together {total}."),
    "a11y_chart_none": ("{what}: geen gegevens.", "{what}: no data."),
    "a11y_field_region": ("Regio", "Region"),
    "a11y_field_what": ("Soort", "Kind"),
    "a11y_field_kind": ("Soort", "Kind"),
    "a11y_field_eur": ("Bedrag (€)", "Amount (€)"),
    # Streamlit's own English names for its controls (the English text is Streamlit's, to the
    # letter: ui/a11y.py finds the control by it and gives the Dutch name on a Dutch page)
    "a11y_skip": ("Naar de inhoud", "Skip to main content"),
    "a11y_heading_link": ("Link naar deze kop", "Link to heading"),
    "a11y_help_for": ("Uitleg bij {label}", "Help for {label}"),
    "a11y_show_data": ("Cijfers tonen", "Show data"),
    "a11y_show_chart": ("Grafiek tonen", "Show chart"),
    "a11y_png": ("Downloaden als PNG", "Download as PNG"),
    "a11y_copy_spec": ("Vega-Lite-specificatie kopiëren", "Copy Vega-Lite spec"),
    "a11y_copied": ("Gekopieerd!", "Copied!"),
    "a11y_fullscreen": ("Volledig scherm", "Fullscreen"),
    "a11y_close_fullscreen": ("Volledig scherm sluiten", "Close fullscreen"),
    "a11y_exit_fullscreen": ("Volledig scherm verlaten", "Exit fullscreen"),
    "a11y_search": ("Zoeken", "Search"),
    "a11y_columns": ("Kolommen tonen of verbergen", "Show/hide columns"),
    "a11y_open": ("Lijst openen", "Open"),
    "a11y_close": ("Sluiten", "Close"),
    "a11y_clear_all": ("Alles wissen", "Clear all"),
    "a11y_collapse_sidebar": ("Zijbalk inklappen", "Collapse sidebar"),
    "a11y_expand_sidebar": ("Zijbalk uitklappen", "Expand sidebar"),
    "a11y_sidebar": ("Zijbalk", "Sidebar"),
    "a11y_pages": ("Pagina's", "App pages"),
    "a11y_file_input": ("Werkboek kiezen", "file upload"),
    "a11y_visualization": ("grafiek", "visualization"),
    # -- live rounds (issue 25): the member page and the room screen ----------------------
    "live_nav": ("Live ronde", "Live round"),
    "live_title": ("Doe mee met de live ronde", "Join the live round"),
    "live_intro": ("Geef uw eigen prioriteiten: hoe zwaar weegt elk doel voor u? Het scherm "
                   "in de zaal toont de groep.",
                   "Give your own priorities: how much does each goal weigh for you? The "
                   "screen in the room shows the group."),
    "live_code_label": ("Code van het scherm", "Code from the screen"),
    "live_code_help": ("Acht letters en cijfers, zoals ABCD-EFGH.",
                       "Eight letters and digits, such as ABCD-EFGH."),
    "live_join": ("Doe mee", "Join"),
    "live_round_on": ("Ronde **{code}** over scenario *{scenario}*.",
                      "Round **{code}** on scenario *{scenario}*."),
    "live_round_anonymous": ("Anoniem: uw naam wordt niet bewaard of getoond.",
                             "Anonymous: your name is neither kept nor shown."),
    "live_round_named": ("Op naam: de groep ziet uw naam bij uw inbreng.",
                         "Named: the group sees your name with your input."),
    "live_name": ("Uw naam", "Your name"),
    "live_name_needed": ("Vul uw naam in: dit is een ronde op naam.",
                         "Fill in your name: this is a named round."),
    "live_weights_head": ("Hoe zwaar weegt elk doel voor u?",
                          "How much does each goal weigh for you?"),
    "live_weights_help": ("Schuif per doel; de app rekent de gewichten om naar samen 100%.",
                          "Slide per goal; the app scales the weights to 100% together."),
    "live_years_head": ("Hoe verdeelt u het budget over de jaren?",
                        "How do you split the budget over the years?"),
    "live_submit": ("Verstuur mijn inbreng", "Send my input"),
    "live_sent": ("Uw inbreng is ontvangen (keer {version}). U kunt hem aanpassen tot de "
                  "ronde sluit.",
                  "Your input has been received (time {version}). You can change it until "
                  "the round closes."),
    "live_mine": ("Uw inbreng", "Your input"),
    "live_mine_none": ("U hebt nog niets ingestuurd.", "You have not sent anything yet."),
    "live_leave": ("Andere code", "Another code"),
    "live_col_goal": ("Doel", "Goal"),
    "live_col_weight": ("Gewicht", "Weight"),
    "live_col_year": ("Jaar", "Year"),
    "live_col_share": ("Aandeel", "Share"),
    "live_col_member": ("Lid", "Member"),
    "live_col_park": ("Terrein", "Park"),
    "live_col_group": ("Groep, mediaan (€)", "Group, median (€)"),
    "live_col_current": ("Huidig (€)", "Current (€)"),
    "live_col_funding": ("Leden met geld voor dit terrein", "Members funding this park"),
    "live_col_class": ("Met geld volgens", "Funded according to"),
    "live_col_kept": ("Behouden eigen waarde", "Own value kept"),
    "live_col_own": ("Waarde eigen plan (punten)", "Value of own plan (points)"),
    "live_col_groupvalue": ("Waarde groepsplan voor dit lid (punten)",
                            "Value of group plan for this member (points)"),
    "live_col_parks": ("Terreinen", "Parks"),
    "live_room_toggle": ("Live ronde met de stuurgroep", "Live round with the committee"),
    "live_room_open_head": ("Open een live ronde", "Open a live round"),
    "live_room_scenario": ("Opgeslagen scenario voor de ronde", "Saved scenario for the round"),
    "live_room_anonymous": ("Anoniem (namen worden niet bewaard)",
                            "Anonymous (names are not kept)"),
    "live_room_years": ("Leden verdelen ook het budget over de jaren",
                        "Members also split the budget over the years"),
    "live_room_open": ("Open de ronde", "Open the round"),
    "live_room_need_saved": ("Een ronde werkt op een opgeslagen scenario: sla eerst een "
                             "scenario op (pagina Scenario's).",
                             "A round works on a saved scenario: save one first (Scenarios "
                             "page)."),
    "live_room_resume": ("Of ga verder met een open ronde", "Or continue an open round"),
    "live_room_resume_button": ("Ga verder", "Continue"),
    "live_room_go": ("Ga naar", "Go to"),
    "live_room_code": ("en vul de code in", "and enter the code"),
    "live_room_count": ("Antwoorden", "Answers"),
    "live_room_state_open": ("open", "open"),
    "live_room_state_closed": ("gesloten", "closed"),
    "live_room_state_expired": ("verlopen", "expired"),
    "live_room_state": ("Ronde", "Round"),
    "live_room_waiting": ("Nog geen antwoorden. Zodra leden hun inbreng sturen, verschijnt die "
                          "hier (elke paar seconden bijgewerkt).",
                          "No answers yet. As soon as members send their input it appears "
                          "here (updated every few seconds)."),
    "live_room_group_weights": ("Groepsgewichten (mediaan, samen 100%): {weights}",
                                "Group weights (median, 100% together): {weights}"),
    "live_room_group_years": ("Verdeling van het budget over de jaren (mediaan, samen 100%): "
                              "{years}",
                              "Split of the budget over the years (median, 100% together): "
                              "{years}"),
    "live_room_no_plan": ("Het groepsplan heeft geen verdeling: {message}",
                          "The group plan has no allocation: {message}"),
    "live_room_skipped": ("{n} inbreng(en) zijn buiten de app om gewijzigd en tellen niet mee.",
                          "{n} input(s) were changed outside the app and do not count."),
    "live_ch_weights": ("Gewichten per doel: elk lid een stip, de mediaan een streep",
                        "Weights per goal: every member a dot, the median a bar"),
    "live_ch_plans": ("Verdeling: groep (mediaan) tegen huidig",
                      "Allocation: group (median) against current"),
    "live_ch_classes": ("Terreinen: met geld volgens de eigen gewichten van …",
                        "Parks: funded according to the own weights of …"),
    "live_ch_kept": ("Wat het groepsplan behoudt van ieders eigen waarde",
                     "What the group plan keeps of each member's own value"),
    "live_numbers": ("Cijfers bij deze grafiek", "Numbers behind this chart"),
    "live_close_head": ("Ronde afsluiten en vastleggen", "Close and record the round"),
    "live_choose": ("Gekozen verdeling", "Chosen allocation"),
    "live_choice_group": ("Groepsplan (mediane gewichten)", "Group plan (median weights)"),
    "live_choice_current": ("Huidige verdeling", "Current allocation"),
    "live_rationale": ("Motivering", "Rationale"),
    "live_rationale_default": ("Live ronde {code}: {n} leden; gekozen: {choice}.",
                               "Live round {code}: {n} members; chosen: {choice}."),
    "live_close_button": ("Sluit de ronde en leg vast", "Close the round and record it"),
    "live_record_button": ("Leg de gesloten ronde vast", "Record the closed round"),
    "live_recorded": ("Deze ronde is vastgelegd in de besluitenlijst (besluit {id}).",
                      "This round is recorded in the decision log (decision {id})."),
    "live_closed_done": ("De ronde is gesloten en vastgelegd als besluit {id}.",
                         "The round is closed and recorded as decision {id}."),
    "live_adopt": ("Groepsgewichten opslaan als nieuw scenario",
                   "Save the group weights as a new scenario"),
    "live_adopt_name": ("{scenario} – groep {code}", "{scenario} – group {code}"),
    "live_adopt_note": ("Mediane doelgewichten van live ronde {code} ({n} leden).",
                        "Median goal weights of live round {code} ({n} members)."),
    "live_adopted": ("De groepsgewichten zijn opgeslagen als scenario '{name}'.",
                     "The group weights have been saved as scenario '{name}'."),
    "live_new_round": ("Nieuwe ronde", "New round"),
    "live_classes_table": ("Per terrein", "Per park"),
}


LANG_KEY = "dk_lang"  # the session-state key that holds the interface language, "nl" | "en"
LANGS = ("nl", "en")


def session_language() -> str:
    """The language of the running session ("nl" outside a Streamlit run).

    The catalogue sits below every other `ui` module (ui.state and ui.cache import it, it
    imports neither): the language switch writes the session's language under `LANG_KEY`, and
    the catalogue reads it from the session, never from ui.state."""
    try:
        import streamlit as st

        value = st.session_state.get(LANG_KEY, "nl")
    except Exception:  # noqa: BLE001 - outside a Streamlit run there is no session: default
        return "nl"
    return value if value in LANGS else "nl"


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The text for `key` in `lang` (default: the session's language), placeholders filled."""
    if lang is None:
        lang = session_language()
    nl, en = TEXT[key]
    text = en if lang == "en" else nl
    return text.format(**values) if values else text


def md_escape(text: object) -> str:
    """Make a user's text safe to place inside trusted Markdown: shown literally, never
    interpreted (no emphasis, links, HTML, LaTeX `$`, or Streamlit `:colour[...]` directives)."""
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()#+-.!|<>~$:&\"'=":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
