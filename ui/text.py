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
    "warnings_title": ("Waarschuwingen bij het inlezen ({n})", "Warnings while reading ({n})"),
    "rejected_warnings": ("Waarschuwingen in het geweigerde bestand",
                          "Warnings in the refused file"),
    "downloads": ("Downloads", "Downloads"),
    "dl_template": ("Leeg sjabloon (.xlsx)", "Empty template (.xlsx)"),
    "dl_demo": ("Demowerkboek (.xlsx)", "Demo workbook (.xlsx)"),
    "dl_current": ("Huidige gegevens als werkboek (.xlsx)", "Current data as workbook (.xlsx)"),
    "dl_unavailable": ("Download niet beschikbaar: {error}", "Download not available: {error}"),
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
    "shadow_positive": ("Een extra € 100.000 in {year} levert {points} waardepunten op.",
                        "An extra € 100.000 in {year} yields {points} value points."),
    "shadow_zero": ("Een extra € 100.000 in {year} levert niets op: het budget is daar niet "
                    "krap, de terreinen zitten aan hun draagkracht.",
                    "An extra € 100.000 in {year} yields nothing: the budget is not tight "
                    "there, the parks are at their capacity."),
    "shadow_caption": ("Schaduwprijs van het budget: waardepunten per extra € 100.000, per jaar.",
                       "Shadow price of the budget: value points per extra € 100.000, per year."),
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
    "sc_author": ("Auteur", "Author"),
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
    "log_author": ("Namens", "On behalf of"),
    "log_button": ("Markeer als gekozen", "Mark as chosen"),
    "log_done": ("Besluit vastgelegd: {label}.", "Decision recorded: {label}."),
    "log_empty": ("Nog geen besluiten vastgelegd.", "No decisions recorded yet."),
    "log_download": ("Besluitenlog downloaden (.xlsx)", "Download decision log (.xlsx)"),
    "log_need_rationale": ("Vul een motivering in.", "Fill in a rationale."),
    "d_when": ("Moment (Nederlandse tijd)", "When (Dutch time)"),
    "d_scenario": ("Scenario", "Scenario"),
    "d_rationale": ("Motivering", "Rationale"),
    "d_author": ("Namens", "On behalf of"),
    "d_allocated": ("Toegekend (€)", "Allocated (€)"),
    "d_points": ("Waardepunten", "Value points"),
    "unavailable": ("Nog niet beschikbaar in deze versie: {what}.",
                    "Not yet available in this version: {what}."),
}


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The text for `key` in `lang` (default: the session's language), placeholders filled."""
    if lang is None:
        from ui.state import lang as current_lang

        lang = current_lang()
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
