"""Write the French corpus gold (bench/gold/corpus/algeria-mali-fr/*.json) from the span specs below.

    python bench/gold/corpus/algeria-mali-fr/make_gold.py

The annotation was made blind (no extractor run), as bench/gold/FORMAT.md's French note says. Each
span is given by its text: "text" when it occurs once in the document, or ("context", "text") when the
context occurs once and the text once inside it; the script finds the offsets in the normalised
document text, writes them with the text of each span, the sha256 and the links, and refuses any span
it cannot place. Specs are written with plain spaces around « » and before : ; ? ! and with ’; the
document's own typography (STYLE) is applied before searching. tests/test_gold_fr.py checks the result.
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
A = "algeria-government"; M = "mali-government"; MOD = "algeria-ministry-of-defence"; MFA = "algeria-ministry-of-foreign-affairs"
#: document -> [(id, source specs, cue specs, content specs, actor, actor_parent, kind, target)]
SPECS = {}
SPECS["fr-dev-01-communique-mdn.md"] = [
 ("a1", ["Le ministère algérien de la Défense nationale"], ["indiqué"],
  ["l’armée avait abattu un « drone de reconnaissance armé » qui avait pénétré dans l’espace aérien national près de la localité frontalière de Tinzaouaten"], MOD, A, "assertion", None),
 ("a2", [("le ministère précise", "le ministère")], ["précise"],
  ["l’appareil a été détecté dans la nuit du 31 mars au 1er avril, après s’être enfoncé de plus de deux kilomètres en territoire algérien"], MOD, A, "assertion", None),
 ("a3", ["le texte"], ["Selon"], ["des unités de la défense aérienne du territoire l’ont intercepté puis détruit"], MOD, A, "assertion", None),
 ("a4", ["un porte-parole du ministère"], ["déclaré"], ["« Cette incursion constitue une violation caractérisée de notre espace aérien »"], MOD, A, "accusation", None),
 ("a5", ["un porte-parole du ministère"], ["souligné"], ["les unités déployées le long de la frontière sud restaient en état d’alerte"], MOD, A, "assertion", None),
 ("a6", ["l’état-major général des armées maliennes"], ["fait savoir"], ["un drone de surveillance s’était écrasé près de Tinzawatène"], M, None, "assertion", None),
 ("a7", [("Il a ajouté", "Il")], [("Il a ajouté", "ajouté")], ["une enquête avait été ouverte pour déterminer les circonstances de l’accident"], M, None, "assertion", None),
 ("a8", ["un commerçant de Tinzawatène"], ["raconte"], ["avoir entendu « une forte détonation peu après minuit »"], "trader-tinzawatene", None, "assertion", None),
 ("a9", [("ajoute-t-il", "il")], [("ajoute-t-il", "ajoute")], ["« Personne ici ne savait à qui appartenait cet engin »"], "trader-tinzawatene", None, "assertion", None),
 ("a10", ["le Front de libération de l’Azawad (FLA)"], ["revendiqué"], ["la destruction du drone"], "fla", None, "responsibility", None),
 ("a11", ["un officier algérien à la retraite"], ["Aux yeux d’"], ["la rapidité de l’annonce valait message"], "retired-algerian-officer", None, "belief", None),
 ("a12", [("estime-t-il", "il")], [("estime-t-il", "estime")], ["Alger voulait montrer que sa frontière sud est surveillée jour et nuit"], "retired-algerian-officer", None, "belief", None),
 ("a13", [("Bamako accuse", "Bamako")], ["accuse"], ["ingérence dans ses affaires intérieures"], M, None, "accusation", A),
 ("a14", ["celle-ci"], ["dément"], [(", ce que", "ce")], A, None, "denial", M),
]
SPECS["fr-dev-02-bamako-denonce-premedite.md"] = [
 ("a1", ["Le gouvernement de transition malien"], ["dénoncé"], ["une action « hostile » et « préméditée » du régime algérien"], M, None, "condemnation", A),
 ("a2", [("le gouvernement affirme", "le gouvernement")], [("le gouvernement affirme", "affirme")], ["les premiers résultats de l’enquête ne laissent « aucun doute »"], M, None, "assertion", None),
 ("a3", [("précise-t-il", "il")], ["précise"], ["L’épave", "a été retrouvée à environ 9,5 kilomètres au sud de la frontière, donc en territoire malien"], M, None, "assertion", None),
 ("a4", [("Pour Bamako", "Bamako")], [("Pour Bamako", "Pour")], ["il ne s’agit pas d’un accident : le drone a été détruit de manière délibérée"], M, None, "accusation", A),
 ("a5", ["Les autorités maliennes"], ["accusent"], ["« parrainer le terrorisme international »"], M, None, "accusation", A),
 ("a6", [("Le communiqué annonce", "Le communiqué")], [("Le communiqué annonce", "annonce")],
  ["une série de mesures de rétorsion : le rappel pour consultations de l’ambassadeur du Mali à Alger et le retrait immédiat du Comité d’état-major opérationnel conjoint (Cemoc)"], M, None, "assertion", None),
 ("a7", [("Il indique", "Il")], [("Il indique", "indique")], ["Bamako portera plainte devant les instances internationales pour ce qu’il qualifie d’« actes d’agression »"], M, None, "assertion", A),
 ("a8", [("qu’il qualifie", "il")], ["qualifie"], ["« actes d’agression »"], M, None, "accusation", A),
 ("a9", [("Alger, qui affirme", "Alger")], [("Alger, qui affirme", "affirme")], ["l’appareil avait violé son espace aérien"], A, None, "assertion", None),
 ("a10", ["un haut responsable malien de la sécurité"], ["assuré"],
  ["« Nous avons les données, nous avons les débris, nous avons la trajectoire. Tout indique un acte délibéré. »"], "malian-security-official", M, "accusation", A),
 ("a11", ["le premier"], ["lance"], ["L’Algérie a toujours joué double jeu avec nous"], "shopkeeper-bamako", None, "accusation", A),
 ("a12", ["son voisin"], ["répond"], ["Il faut quand même garder la frontière ouverte", "sinon c’est nous qui payons"], "shopkeeper-bamako-neighbour", None, "recommendation", None),
 ("a13", [("Selon lui", "lui")], [("Selon lui", "Selon")], ["la brouille pénalisera d’abord les familles qui vivent et commercent des deux côtés de la frontière"], "teacher-bamako", None, "warning", None),
]
SPECS["fr-dev-03-alger-rejette-accusations.md"] = [
 ("a1", [("L’Algérie a rejeté", "L’Algérie")], ["rejeté"], ["les accusations des autorités militaires maliennes selon lesquelles elle aurait délibérément détruit un drone malien"], A, None, "denial", M),
 ("a2", ["autorités militaires maliennes"], [("les accusations des", "accusations")], ["elle aurait délibérément détruit un drone malien"], M, None, "accusation", A),
 ("a3", [("L’Algérie a rejeté", "L’Algérie")], [("et a affirmé que l’appareil", "affirmé")], ["l’appareil suivait une « trajectoire offensive » lorsque sa défense aérienne l’a abattu près de la frontière"], A, None, "assertion", None),
 ("a4", ["le ministère des Affaires étrangères"], [("a indiqué le ministère", "indiqué")], ["Les données radar dont dispose l’Algérie montrent clairement la violation de son espace aérien"], MFA, A, "assertion", None),
 ("a5", ["le ministère des Affaires étrangères"], ["ajoutant"], ["le drone était revenu dans l’espace aérien algérien après l’avoir brièvement quitté"], MFA, A, "assertion", None),
 ("a6", [("Il a qualifié ce vol", "Il")], [("Il a qualifié ce vol", "qualifié")], ["ce vol de troisième incursion du même genre de l’armée malienne depuis août 2024"], MFA, A, "accusation", M),
 ("a7", [("a précisé le ministère", "le ministère")], ["précisé"], ["À chaque fois", "l’Algérie avait fait preuve de retenue"], MFA, A, "assertion", None),
 ("a8", [("Le ministère a accusé", "Le ministère")], ["accusé"], ["chercher à faire de l’Algérie un bouc émissaire de leurs propres revers"], MFA, A, "accusation", M),
 ("a9", [("Il a également", "Il")], ["exprimé son profond regret"], ["le Niger et le Burkina Faso se soient rangés derrière les arguments du Mali"], MFA, A, "condemnation", "aes"),
 ("a10", [("qu’il a qualifiés", "il")], ["qualifiés"], ["fallacieux"], MFA, A, "denial", M),
 ("a11", [("Alger a annoncé", "Alger")], ["annoncé"], ["le rappel pour consultations de ses propres ambassadeurs à Bamako et à Niamey, ainsi que le report de la prise de fonctions de son nouvel ambassadeur à Ouagadougou"], A, None, "assertion", None),
 ("a12", ["un diplomate algérien"], ["confié"], ["« Nous n’avons pas choisi cette crise »", "« Mais nous n’accepterons pas que notre territoire soit survolé par des drones armés, d’où qu’ils viennent. »"], "algerian-diplomat", A, "warning", M),
 ("a13", ["Les responsables maliens"], [("ont affirmé qu’Alger", "affirmé")], ["Alger avait fait état d’une violation de son espace aérien sans jamais en fournir la preuve"], M, None, "denial", A),
 ("a14", [("qu’Alger avait", "Alger")], ["fait état"], [("fait état d’une violation de son espace aérien", "une violation de son espace aérien")], A, None, "assertion", M),
 ("a15", [("Ils ont assuré", "Ils")], ["assuré"], ["l’épave se trouvait bien à l’intérieur du territoire malien"], M, None, "assertion", None),
 ("a16", [("L’Algérie situe", "L’Algérie")], ["situe"], ["le drone de son côté de la frontière"], A, None, "assertion", None),
 ("a17", [("le Mali soutient", "le Mali")], ["soutient"], ["il n’a jamais quitté l’espace aérien malien"], M, None, "assertion", None),
 ("a18", [("pour Alger, qui se présente", "Alger")], ["se présente"], ["le médiateur incontournable dans le nord du Mali"], A, None, "assertion", None),
 ("a19", ["Les responsables algériens"], ["averti"], ["une solution militaire au conflit du Nord était vouée à l’échec", "seul le dialogue avec les groupes armés signataires de l’accord de paix de 2015 pourrait ramener une stabilité durable"], A, None, "warning", M),
 ("a20", ["une politologue algérienne jointe à Alger"], [("Selon une politologue", "Selon")], ["le gouvernement n’a guère intérêt à une confrontation prolongée"], "algerian-political-scientist", None, "belief", None),
 ("a21", [("a-t-elle estimé", "elle")], ["estimé"], ["« L’Algérie n’a rien à gagner d’un Sahel hostile à sa frontière sud", "mais elle ne voudra pas non plus donner l’impression de reculer. »"], "algerian-political-scientist", None, "belief", None),
]
SPECS["fr-dev-04-fla-revendique-drone.md"] = [
 ("a1", ["Le Front de libération de l’Azawad (FLA)"], ["revendiqué"], ["la destruction d’un drone près de Tinzawatène"], "fla", None, "responsibility", None),
 ("a2", [("qu’il présente", "il")], ["présente"], ["la propriété de la « junte terroriste de Bamako »"], "fla", None, "accusation", M),
 ("a3", ["ministère algérien de la Défense nationale"], ["selon lequel"], ["sa défense aérienne avait détruit un drone armé près de Tinzaouaten, du côté algérien de la frontière"], MOD, A, "assertion", None),
 ("a4", ["Un porte-parole du groupe"], [("a assuré que l’épave", "assuré")], ["l’épave se trouvait près de Tinzawatène"], "fla", None, "assertion", None),
 ("a5", [("d’après lui", "lui")], ["d’après"], ["des photos qui montrent", "des débris de l’appareil"], "fla", None, "assertion", None),
 ("a6", [("Le FLA accuse", "Le FLA")], [("Le FLA accuse", "accuse")], ["utiliser ses drones pour frapper des civils dans la région"], "fla", None, "accusation", M),
 ("a7", [("Bamako rejette", "Bamako")], ["rejette"], ["ces accusations"], M, None, "denial", "fla"),
 ("a8", [("Bamako rejette", "Bamako")], [("et assure que ses frappes", "assure")], ["ses frappes ne visent que des « terroristes » armés"], M, None, "assertion", "fla"),
 ("a9", [("Dans la soirée, l’armée malienne", "l’armée malienne")], [("a fait état de l’écrasement", "fait état")], ["l’écrasement d’un de ses drones près de Tinzawatène et de l’ouverture d’une enquête"], M, None, "assertion", None),
 ("a10", ["Les autorités maliennes"], ["qualifient"], ["les combattants du FLA de « terroristes »"], M, None, "accusation", "fla"),
 ("a11", [("qu’elles appliquent", "elles")], ["appliquent"], ["tout groupe armé opposé à l’État, qu’il réclame l’indépendance du Nord ou un État islamique"], M, None, "accusation", None),
 ("a12", ["Un chercheur spécialiste du nord du Mali"], ["estime"], ["il faut accueillir la revendication rebelle avec prudence"], "researcher-northern-mali", None, "belief", None),
 ("a13", ["Un chercheur spécialiste du nord du Mali"], [("\n— Ici", "—")], ["Ici, les groupes armés revendiquent souvent des actions qu’ils n’ont pas menées, parce que la visibilité est aussi une arme"], "researcher-northern-mali", None, "belief", None),
 ("a14", [("Pour lui", "lui")], [("Pour lui", "Pour")], ["le FLA voulait surtout montrer qu’il restait capable de frapper dans la région après la perte de Kidal"], "researcher-northern-mali", None, "belief", None),
 ("a15", [("À Kidal, on", "on")], ["affirmait"], ["des combattants du FLA avaient récupéré des morceaux du drone avant l’arrivée des soldats maliens"], None, None, "assertion", None),
 ("a16", ["les organisations humanitaires"], [("selon les organisations", "selon")], ["les camps situés du côté algérien sont surpeuplés"], "aid-groups", None, "assertion", None),
]
SPECS["fr-test-01-aes-acte-hostile.md"] = [
 ("a1", ["La Confédération des États du Sahel (AES)"], ["condamné"], ["la destruction d’un drone malien par l’Algérie"], "aes", None, "condemnation", A),
 ("a2", ["La Confédération des États du Sahel (AES)"], ["y voyant"], ["un « acte hostile » dirigé contre l’ensemble de ses membres"], "aes", None, "accusation", A),
 ("a3", [("lit-on dans le communiqué", "le communiqué")], ["lit-on"], ["« L’attaque ne visait pas seulement le Mali, mais la Confédération tout entière »"], "aes", None, "accusation", A),
 ("a4", [("poursuit le texte", "le texte")], ["poursuit"], ["Les trois pays ont décidé de rappeler leurs ambassadeurs à Alger pour consultations"], "aes", None, "assertion", None),
 ("a5", [("poursuit le texte", "le texte")], ["prévient"], ["une agression contre l’un des États membres sera considérée comme une agression contre tous"], "aes", None, "warning", A),
 ("a6", ["Les chefs d’État"], ["reprochent"], ["favoriser le terrorisme et de contribuer à la déstabilisation de la région"], "aes", None, "accusation", A),
 ("a7", [("a-t-il martelé", "il")], ["martelé"], ["« S’en prendre à l’un d’entre nous, c’est s’en prendre à nous tous »"], "nigerien-official", "niger-government", "warning", A),
 ("a8", ["Issa Sawadogo"], ["De l’avis d’"], ["ce communiqué devait prouver que l’alliance est capable de parler d’une seule voix"], "issa-sawadogo", None, "belief", None),
 ("a9", ["le chercheur"], ["analyse"], ["« Le message, c’est qu’Alger a désormais face à lui trois capitales et non plus une seule", "Reste à savoir si c’est bien sage.",
   "« Le Niger partage une longue frontière désertique avec l’Algérie et dépend d’elle pour ses routes commerciales. Un front uni se proclame facilement dans un communiqué ; il est bien plus difficile à tenir quand les camions cessent de rouler. »"], "issa-sawadogo", None, "belief", None),
 ("a10", [("Alger a balayé", "Alger")], ["balayé"], [("balayé lundi ces accusations", "ces accusations")], A, None, "denial", "aes"),
 ("a11", [("qu’il juge", "il")], ["juge"], ["« fallacieuses »"], A, None, "denial", "aes"),
 ("a12", [("Alger a balayé", "Alger")], ["déploré"], ["l’alignement du Niger et du Burkina Faso sur la position de Bamako"], A, None, "condemnation", "aes"),
 ("a13", ["des responsables algériens"], ["D’après"], ["le drone avait violé l’espace aérien du pays et a été abattu conformément aux règles d’engagement"], A, None, "assertion", None),
 ("a14", ["plusieurs diplomates"], ["s’attendent"], ["la rhétorique l’emporte sur les actes"], "diplomats-sahel-region", None, "warning", None),
]
SPECS["fr-test-02-analyse-mefiance-alger-bamako.md"] = [
 ("a1", [("À en croire Alger", "Alger")], ["À en croire"], ["l’accord a été négocié ligne par ligne, au fil de longs mois de pourparlers entre le gouvernement malien et les mouvements armés du Nord, sous le regard de l’Union africaine, de l’Union européenne et de plusieurs États voisins"], A, None, "belief", None),
 ("a2", ["Les responsables algériens"], ["se plaignent"], ["la lenteur de Bamako à appliquer l’accord, en particulier l’intégration d’anciens rebelles dans l’armée nationale"], A, None, "accusation", M),
 ("a3", ["Côté malien", ("Côté malien, on", "on")], ["fait valoir"], ["Alger et les autres médiateurs ont imposé leurs conditions à un État affaibli, sans lui laisser de marge de négociation"], M, None, "belief", A),
 ("a4", [("la junte a mis fin", "la junte")], ["invoquant"], ["les « actes d’hostilité » de l’Algérie"], M, None, "accusation", A),
 ("a5", [("Bamako qualifie", "Bamako")], [("Bamako qualifie", "qualifie")], ["de « terroriste » tout groupe qui prend les armes contre l’État, qu’il combatte pour l’indépendance ou pour le djihad"], M, None, "accusation", None),
 ("a6", [("de son point de vue", "son")], [(": de son point", "de"), "point de vue"], ["les mouvements signataires de l’accord de 2015 sont des acteurs politiques qu’il faut ramener à la table des négociations, ce que ne sont pas les djihadistes"], A, None, "belief", None),
 ("a7", ["autorités maliennes"], ["Aux yeux des"], ["cette hospitalité revient à soutenir des « terroristes »"], M, None, "accusation", A),
 ("a8", [("ce qu’Alger conteste", "Alger")], ["conteste"], [("ce qu’Alger conteste", "ce")], A, None, "denial", M),
 ("a9", ["Des militants en vue et des commentateurs très suivis en ligne"], ["soupçonnent"], ["attiser les troubles dans le Nord"], "activists-bamako", None, "accusation", A),
 ("a10", [("Dans leur récit", "leur")], [("Dans leur récit", "Dans"), "récit"], ["l’Algérie a exporté son problème djihadiste vers le sud dans les années 1990 et garde des canaux ouverts avec les groupes armés, ce qui lui permet de se poser en intermédiaire incontournable"], "activists-bamako", None, "accusation", A),
 ("a11", ["l’un d’eux"], ["lançait"], ["« L’Algérie n’a jamais voulu d’un Mali fort »"], "prominent-activist-bamako", "activists-bamako", "accusation", A),
 ("a12", [("qu’elles appelaient", "elles")], ["dénoncer", "appelaient"], ["« agression algérienne »"], "protesters-mali", None, "condemnation", A),
 ("a13", ["Certains manifestants"], ["exhortaient"], ["le gouvernement à rompre tout lien avec Alger"], "protesters-mali", None, "recommendation", M),
 ("a14", ["plusieurs analystes"], ["jugent"], ["le Maroc marque des points au Sahel aux dépens de leur pays"], "analysts-algeria", None, "belief", None),
 ("a15", ["Certains commentateurs algériens"], ["voient"], ["la main de Rabat derrière les accusations de Bamako"], "algerian-commentators", None, "accusation", "morocco-government"),
 ("a16", ["Un diplomate occidental en poste à Bamako"], ["met en garde"], ["aucune des deux parties ne semble prête à faire un pas"], "western-diplomat-bamako", None, "warning", None),
 ("a17", [("résume-t-il", "il")], [("résume-t-il", "résume")], ["« Chaque capitale parle désormais à sa propre opinion, et personne ne parle plus à l’autre »"], "western-diplomat-bamako", None, "belief", None),
 ("a18", ["les civils"], ["redoutent"], ["être pris en étau entre drones et rebelles"], "civilians-borderlands", None, "belief", None),
]

#: document -> [(source id, target id, relation, note)]
LINKS = {
"fr-dev-01-communique-mdn.md": [
 ("a2","a1","supports","details of the same downing: detection and depth of the incursion"),
 ("a3","a1","supports","air defence units intercepted and destroyed the drone"),
 ("a4","a2","supports","the incursion is a violation of national airspace"),
 ("a6","a1","contradicts","Malian general staff: its drone crashed near Tinzawatène, vs Algeria: the army shot it down"),
 ("a10","a1","contradicts","the FLA claims it destroyed the drone; Algeria says its army did"),
 ("a10","a3","contradicts","FLA vs Algerian air defence: who destroyed the drone"),
 ("a10","a6","contradicts","FLA claims it destroyed the drone vs Mali: the drone crashed"),
 ("a3","a6","contradicts","competing accounts: shot down vs crashed"),
 ("a12","a11","supports","the officer explains the message"),
 ("a14","a13","contradicts","Algiers denies the charge of interference"),
],
"fr-dev-02-bamako-denonce-premedite.md": [
 ("a4","a1","supports","the deliberate destruction is the hostile, premeditated action"),
 ("a2","a4","supports","investigation findings leave no doubt"),
 ("a3","a4","supports","wreckage inside Mali"),
 ("a3","a1","supports","wreckage inside Mali backs the hostile premeditated charge"),
 ("a2","a1","supports","investigation findings back the premeditated charge"),
 ("a5","a1","supports","sponsoring terrorism: the downing as hostility"),
 ("a10","a4","supports","official: everything points to a deliberate act"),
 ("a10","a1","supports","official: everything points to a deliberate act"),
 ("a8","a1","supports","acts of aggression ~ hostile action"),
 ("a9","a3","contradicts","Algeria: the drone violated Algerian airspace; Mali: wreckage 9.5 km inside Mali"),
 ("a11","a5","supports","Algeria plays a double game"),
],
"fr-dev-03-alger-rejette-accusations.md": None,  # the English 04 document's links (same ids), see below
"fr-dev-04-fla-revendique-drone.md": [
 ("a3","a1","contradicts","Algeria says its own air defences destroyed the drone the FLA claims"),
 ("a4","a1","supports","FLA: location of the wreckage"),
 ("a5","a1","supports","FLA photographs of the debris"),
 ("a7","a6","contradicts","Bamako rejects the charge of striking civilians"),
 ("a8","a6","contradicts","strikes target only 'terrorists', not civilians"),
 ("a8","a7","supports","strikes target only terrorists is the reason for rejecting the charges"),
 ("a9","a1","contradicts","Mali: the drone crashed; FLA: it was destroyed (competing accounts)"),
 ("a3","a9","contradicts","Algeria: air defences destroyed the drone vs Mali: the drone crashed"),
 ("a12","a1","contradicts","the researcher casts doubt on the FLA claim"),
 ("a13","a12","supports","armed groups claim actions they did not carry out"),
 ("a14","a12","supports","a motive to claim visibility backs treating the claim with caution"),
 ("a15","a1","supports","FLA fighters recovered parts of the drone"),
 ("a11","a10","supports","the FLA label is one case of Bamako's blanket 'terrorists' label"),
],
"fr-test-01-aes-acte-hostile.md": [
 ("a2","a1","supports","the destruction as a hostile act against all members"),
 ("a3","a1","supports","the attack targeted the whole confederation"),
 ("a3","a2","restates","aimed at the whole confederation ~ directed against all its members"),
 ("a6","a1","supports","Algiers promotes terrorism and destabilises the region"),
 ("a7","a5","restates","an attack on one is an attack on all"),
 ("a9","a8","supports","Sawadogo develops his reading of the communiqué"),
 ("a9","a14","supports","a united front hard to sustain backs rhetoric outpacing action"),
 ("a10","a1","contradicts","Algiers rejects the accusations"),
 ("a10","a6","contradicts","Algiers rejects the accusations"),
 ("a11","a6","contradicts","Algiers calls the accusations fallacious"),
 ("a11","a10","supports","the accusations are fallacious, hence rejected"),
 ("a13","a3","contradicts","a lawful response to an airspace violation, not an attack on the confederation"),
 ("a13","a10","supports","lawful downing of a violating drone is the ground for rejection"),
],
"fr-test-02-analyse-mefiance-alger-bamako.md": [
 ("a3","a1","contradicts","imposed terms vs a negotiated accord"),
 ("a4","a3","supports","Bamako ended the agreement citing Algeria's hostile acts"),
 ("a6","a5","contradicts","Algiers distinguishes the signatory separatists from jihadists; Bamako calls them all terrorists"),
 ("a7","a5","supports","hosting FLA figures = support for 'terrorists', per Bamako's labelling"),
 ("a8","a7","contradicts","Algiers rejects the charge"),
 ("a10","a9","supports","the activists' account of how Algeria fuels instability"),
 ("a11","a9","supports","Algeria never wanted a strong Mali"),
 ("a12","a9","supports","protesters denounce Algerian aggression"),
 ("a15","a14","supports","Rabat's influence behind Bamako"),
 ("a17","a16","supports","nobody is speaking to the other side"),
],
}

NB, NNB = "\u00a0", "\u202f"
STYLE = {"fr-dev-01-communique-mdn.md": (None, None, "’"), "fr-dev-02-bamako-denonce-premedite.md": (NB, NB, "’"),
 "fr-dev-03-alger-rejette-accusations.md": (NB, NB, "’"), "fr-dev-04-fla-revendique-drone.md": (None, None, "'"),
 "fr-test-01-aes-acte-hostile.md": (NNB, NNB, "'"), "fr-test-02-analyse-mefiance-alger-bamako.md": (NB, NB, "’")}
placer = Placer()


for name, specs in SPECS.items():
    text = document_text(CORPUS / name)
    atts = placer.attributions(text, specs, STYLE[name], name)
    links = LINKS[name]
    if links is None:
        en = json.loads((REPO / "bench/gold/corpus/algeria-mali/04-algeria-mfa-rejects.json").read_text(encoding="utf-8"))
        links = [(l["source"], l["target"], l["relation"], l["note"].split(" [blind")[0] + " (as in the English 04-algeria-mfa-rejects gold)") for l in en["links"]]
    ids = {a["id"] for a in atts}
    for s, t, r, _ in links:
        assert s in ids and t in ids and r in ("supports", "contradicts", "restates"), (name, s, t)
    out = {"document": name, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "language": "fr",
           "split": "dev" if name.startswith("fr-dev-") else "test", "attributions": atts,
           "links": [{"source": s, "target": t, "relation": r, "note": n} for s, t, r, n in links]}
    (GOLD / name.replace(".md", ".json")).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(name, len(atts), "attributions", len(links), "links")
# cross-language links: the French pair document restates the English one, claim by claim (same ids)
fr = json.loads((GOLD / "fr-dev-03-alger-rejette-accusations.json").read_text(encoding="utf-8"))
en = json.loads((REPO / "bench/gold/corpus/algeria-mali/04-algeria-mfa-rejects.json").read_text(encoding="utf-8"))
enids = {a["id"]: a for a in en["attributions"]}
cross = []
for a in fr["attributions"]:
    e = enids[a["id"]]
    assert (e["actor"], e["kind"]) == (a["actor"], a["kind"]), (a["id"], e["actor"], a["actor"], e["kind"], a["kind"])
    cross.append({"source": f"fr-dev-03-alger-rejette-accusations.md#{a['id']}", "target": f"04-algeria-mfa-rejects.md#{a['id']}",
                  "relation": "restates", "note": f"the same statement in French: {e['text']['content'][0][:60]}"})
(GOLD / "crosslang-fr-en.json").write_text(json.dumps({"pair": {"fr": "fr-dev-03-alger-rejette-accusations.md", "en": "04-algeria-mfa-rejects.md"}, "links": cross}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print("cross", len(cross), "errors", placer.errors)
sys.exit(1 if placer.errors else 0)
