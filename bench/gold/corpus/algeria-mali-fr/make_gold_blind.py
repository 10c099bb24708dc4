"""Write the gold of the blind French test documents (fr-blind-*) from the span specs below.

    python bench/gold/corpus/algeria-mali-fr/make_gold_blind.py

Same method and conventions as make_gold.py (bench/gold/FORMAT.md, French note): each span is given
by its text, "text" when it occurs once in the document or ("context", "text") when the context occurs
once and the text once inside it; specs use plain spaces around « » and before : ; ? ! and ’, and the
document's typography (STYLE) is applied before searching; the script refuses any span it cannot place.
The documents and this gold were written blind: no French extractor was run on them before the gold was
committed, and their author had not read the French rules nor the fr-test documents (only make_gold.py,
which holds the fr-test span specs). Intentions and
positions are not annotated (« entend proposer ses bons offices »), nor negated cues (« n'a pas souhaité
commenter », « a refusé de dire »). Split "blind": scored with bench/eval_extract.py --which fr-blind.
"""

import hashlib
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from goldspec import Placer, document_text  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[4]
CORPUS = REPO / "corpus/algeria-mali-fr"
GOLD = REPO / "bench/gold/corpus/algeria-mali-fr"
A = "algeria-government"; M = "mali-government"; MFA = "algeria-ministry-of-foreign-affairs"
D1 = "fr-blind-01-rappel-ambassadeurs.md"
D2 = "fr-blind-02-analyse-mediation-introuvable.md"
#: document -> [(id, source specs, cue specs, content specs, actor, actor_parent, kind, target)]
SPECS = {}
SPECS[D1] = [
 ("a1", ["Le Mali, le Burkina Faso et le Niger"], ["annoncé"], ["le rappel de leurs ambassadeurs en poste à Alger"], "aes", None, "assertion", None),
 ("a2", ["le collège des chefs d’État de la Confédération des États du Sahel (AES)"], ["qualifie"],
  ["la destruction de l’appareil d’« acte hostile prémédité »"], "aes", None, "accusation", A),
 ("a3", ["le collège des chefs d’État de la Confédération des États du Sahel (AES)"], ["affirme"],
  ["elle visait « l’ensemble de l’espace confédéral »"], "aes", None, "accusation", A),
 ("a4", [("Le texte accuse", "Le texte")], [("Le texte accuse", "accuse")], ["« complaisance » envers les groupes armés du Nord"], "aes", None, "accusation", A),
 ("a5", ["le ministre burkinabè de la Sécurité"], ["averti"], ["« Nous ne laisserons aucune atteinte à notre souveraineté sans réponse »"],
  "burkina-faso-government", None, "warning", A),
 ("a6", ["Le porte-parole du gouvernement de transition"], ["soutenu"],
  ["les débris avaient été retrouvés « à près de dix kilomètres » à l’intérieur du territoire malien"], M, None, "assertion", None),
 ("a7", [("Selon lui", "lui")], [("Selon lui", "Selon")], ["l’appareil n’a jamais quitté l’espace aérien national"], M, None, "assertion", None),
 ("a8", ["le ministère algérien des Affaires étrangères"], [("« rejette catégoriquement »", "rejette")], [("» des accusations qu’il", "des accusations")],
  MFA, A, "denial", "aes"),
 ("a9", [("qu’il juge", "il")], [("qu’il juge", "juge")], ["« sans fondement »"], MFA, A, "denial", "aes"),
 ("a10", ["le ministère algérien des Affaires étrangères"], [("et dénonce une", "dénonce")],
  ["une tentative de Bamako de « détourner l’attention » de ses propres échecs"], MFA, A, "accusation", M),
 ("a11", [("Il annonce", "Il")], [("Il annonce", "annonce")],
  ["le rappel, par réciprocité, de ses ambassadeurs au Mali et au Niger, ainsi que le report de la prise de fonctions de son nouvel ambassadeur au Burkina Faso"],
  MFA, A, "assertion", None),
 ("a12", [("Le ministère rappelle", "Le ministère")], [("Le ministère rappelle", "rappelle")],
  ["le drone avait pénétré de deux kilomètres dans l’espace aérien algérien avant d’être abattu"], MFA, A, "assertion", None),
 ("a13", [("poursuit le texte", "le texte")], [("poursuit le texte", "poursuit")],
  ["« La défense de notre territoire n’est pas négociable", "L’Algérie n’a de leçons à recevoir de personne. »"], MFA, A, "assertion", None),
 ("a14", ["un diplomate algérien en poste dans la région"], ["estimé"], ["la crise « ne profite qu’aux groupes terroristes »"],
  "algerian-diplomat", A, "belief", None),
 ("a15", ["le Front de libération de l’Azawad (FLA)"], ["revendiqué"], [("revendiqué la destruction du drone", "la destruction du drone")], "fla", None, "responsibility", None),
 ("a16", ["le Front de libération de l’Azawad (FLA)"], ["se félicite"], ["une « brouille salutaire » entre Alger et Bamako"], "fla", None, "belief", None),
 ("a17", ["un de ses porte-parole"], ["D’après"], ["les combattants du mouvement ont récupéré plusieurs fragments de l’appareil près de Tinzaouaten"],
  "fla", None, "assertion", None),
 ("a18", [("L’appel de l’Union africaine", "l’Union africaine")], [("L’appel de", "appel")], ["« la retenue »"], "african-union", None, "recommendation", None),
]
SPECS[D2] = [
 ("a1", ["Nadia Kerroum"], [("Pour Nadia", "Pour")], ["les deux camps se sont enfermés dans une surenchère dont ils auront du mal à sortir"],
  "nadia-kerroum", None, "belief", None),
 ("a2", [("observe-t-elle", "elle")], [("observe-t-elle", "observe")],
  ["« Chacun a choisi des mots qui interdisent de reculer. Une fois qu’on a parlé d’agression, comment revenir à la table sans perdre la face ? »"],
  "nadia-kerroum", None, "belief", None),
 ("a3", ["le collège des chefs d’État de l’AES"], ["dénonçait"], ["un « acte hostile prémédité »"], "aes", None, "condemnation", A),
 ("a4", [("Alger, qui récuse", "Alger")], ["récuse"], ["toute intention agressive"], A, None, "denial", "aes"),
 ("a5", [("Alger, qui récuse", "Alger")], ["reproché"], ["chercher un bouc émissaire à ses revers militaires dans le Nord"], A, None, "accusation", M),
 ("a6", ["Un conseiller du ministère malien de la Défense"], ["martelé"],
  ["« l’enquête a établi sans ambiguïté » que le drone se trouvait au-dessus du territoire malien"], "malian-security-official", M, "assertion", None),
 ("a7", [("« l’enquête a", "l’enquête")], ["établi"], [("ambiguïté » que le drone se trouvait au-dessus du territoire malien", "le drone se trouvait au-dessus du territoire malien")],
  M, None, "evidence", None),
 ("a8", ["le Front de libération de l’Azawad"], [("Azawad accuse", "accuse")], ["multiplier les frappes de drones contre des civils dans la région de Kidal"],
  "fla", None, "accusation", M),
 ("a9", ["l’état-major malien"], ["rejeté"], [("ce que l’état-major", "ce")], M, None, "denial", "fla"),
 ("a10", ["La Mauritanie"], ["fait savoir"], ["elle se tenait « à la disposition des deux parties »"], "mauritania-government", None, "assertion", None),
 ("a11", ["l’Union africaine"], [("a appelé à", "appelé")], ["une désescalade rapide"], "african-union", None, "recommendation", None),
 ("a12", ["un diplomate ouest-africain"], [("D’après un diplomate", "D’après")], ["un émissaire togolais aurait même effectué une navette discrète entre Bamako et Alger"],
  "west-african-diplomat", None, "assertion", None),
 ("a13", ["nombreux observateurs algériens"], ["Aux yeux de"],
  ["la rupture avec Bamako était devenue inévitable depuis que le Mali s’est retiré de l’accord de paix signé à Alger en 2015"], "analysts-algeria", None, "belief", None),
 ("a14", ["Une politologue de l’université d’Alger"], ["met en garde"],
  ["« Alger a longtemps cru pouvoir rester l’arbitre incontournable du Nord malien. Ce rôle lui échappe, et la destruction du drone l’a surtout rendu visible.",
   "« Le vrai risque, désormais, c’est l’isolement. Si l’Algérie se brouille durablement avec trois voisins à la fois, ce sont ses propres frontières qui deviendront plus difficiles à surveiller. »"],
  "algerian-political-scientist", None, "warning", None),
]
#: no links: the brief for these documents asked for attributions only
LINKS = {D1: [], D2: []}
NB, NNB = "\u00a0", "\u202f"
STYLE = {D1: (NB, NB, "’"), D2: (NNB, NNB, "'")}
placer = Placer()


for name, specs in SPECS.items():
    text = document_text(CORPUS / name)
    atts = placer.attributions(text, specs, STYLE[name], name)
    links = LINKS[name]
    ids = {a["id"] for a in atts}
    for s, t, r, _ in links:
        assert s in ids and t in ids and r in ("supports", "contradicts", "restates"), (name, s, t)
    out = {"document": name, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "language": "fr",
           "split": "blind", "attributions": atts,
           "links": [{"source": s, "target": t, "relation": r, "note": n} for s, t, r, n in links]}
    if not placer.errors:
        (GOLD / name.replace(".md", ".json")).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(name, len(atts), "attributions", len(links), "links")
print("errors", placer.errors)
sys.exit(1 if placer.errors else 0)
