"""Hand-written word lists (accent-stripped, lower case) that become learned features.

Each word of a message found in a list adds one shared feature per list
(``__lex_insult__`` ...) to the fast tier's hashed features, so the training
data decides how much a list weighs, and the explanation can name the word.
They carry French coverage the small French training sets lack.
"""

from __future__ import annotations

INSULT = """
connard connards connasse connasses salope salopes salaud salauds pute putes putain enculé encule encules
enculés enculer fdp ntm nique niquer niquez batard batards batarde bâtard abruti abrutis abrutie debile debiles
cretin cretins cretine idiot idiots idiote imbecile imbeciles con cons conne connes tocard tocards
bouffon bouffons minable minables merde merdes merdique sous-merde ordure ordures raclure raclures pourriture
pourri pourris vermine vermines cafard cafards chien chiens chienne porc porcs truie grognasse pouffiasse
pd pede pedes tapette tapettes tarlouze gouine gouines travelo bougnoule bougnoules negro negros negre negres
bamboula youpin youpins feuj bicot bicots raton ratons chinetoque niakoue bridé sale sales gueule ferme
trisomique mongol mongols attarde attardes handicape gogol gogols clochard clodo cassos beauf beaufs
islamiste islamistes terroriste terroristes envahisseurs parasite parasites sous-homme sous-hommes
degenere degeneres dechet dechets boloss bolosse baltringue teubé teube golmon zgeg bite couille couilles
chiasse fumier fumiers ducon duconne branleur branleurs enfoire enfoires salopard salopards
fuck fucking fucked fucker motherfucker motherfuckers shit shitty bullshit bitch bitches bitchy ass asshole
assholes dick dicks dickhead cunt cunts pussy whore whores slut sluts hoe hoes bastard bastards idiot moron
morons stupid dumb dumbass retard retarded retards loser losers trash scum scumbag pig pigs faggot faggots fag
fags dyke dykes tranny trannies nigger niggers nigga niggas negro spic spics kike kikes chink chinks wetback
wetbacks raghead ragheads towelhead savages savage vermin parasites subhuman animals cockroach cockroaches
disgusting pathetic ugly fat freak freaks creep creepy twat wanker prick jerk douche douchebag cuck libtard
libtards idiots imbecile cretin tard skank thot
sous-race macaque macaques singe singes guenon crouille crouilles bougnoul youtre nazis nazi facho fachos
gauchiasse gauchiasses islamogauchiste islamogauchistes racaille racailles clando clandos chienlit merdeux merdeuse
boudin cochon cochons crasseux puant puants degueulasse mongolien autiste stupide stupides ignare ignares inculte
incultes guignol guignols clown clowns charlot charlots tare tares taree psychopathe hysterique feminazi feminazis
pouffe catin garce megere conasse enflure enflures fiotte fiottes tafiole lopette pedale pedales goudou nabot plouc
ploucs bouseux veaux collabo collabos traitre traitres voyou voyous sauvages barbare barbares betes primate primates
chintok nazillon bachibouzouk couillon couillons glandu glandeur glandeurs faineant faineants assistes
""".split()

NEGATIVE = """
triste tristesse mauvais mauvaise mauvaises nul nulle nuls horrible horribles affreux affreuse terrible
catastrophe catastrophique crise guerre guerres mort morts deces tue tues victime victimes drame dramatique
tragique tragedie attentat attaque accident accidents echec echecs perte pertes peur inquiet inquiete
inquietant inquietante danger dangereux dangereuse menace pollution destruction deforestation rechauffement
scandale scandaleux honte honteux colere furieux enerve enervant marre degoute degoutant decu decue decevant
deception probleme problemes panne retard retards delai delais grave graves pire pires jamais helas malheureusement
malheur souffrance souffrir douleur malade maladie pauvre pauvrete chomage licenciement greve injuste
injustice arnaque escroquerie vol voleur menteur mensonge mensonges corrompu corruption fiasco desastre
desastreux chaos penurie famine secheresse inondation inondations incendie incendies toxique poison
disparition disparaitre detruit detruire abandon abandonne inacceptable inadmissible lamentable pitoyable
sad sadly bad worse worst awful terrible horrible hate hated hating angry anger mad furious upset disappointed
disappointing disappointment fail failed failure failing crisis war wars death dead die died dying killed
kill killing attack attacks attacked bomb bombing violence violent victims victim tragedy tragic disaster
disastrous chaos mayhem blame blames blamed fear afraid scared worried worry worrying danger dangerous threat
problem problems issue issues broken damaged delay delayed late lost stolen scam fraud lie lies liar corrupt
corruption poor poverty sick ill pain hurt hurts suffering unfair injustice wrong never nothing useless
pathetic ridiculous unacceptable annoying annoyed frustrated frustrating sucks suck crap rubbish garbage
cancel cancelled canceled refund complaint complain complaining ugh smh fml wtf
""".split()

POSITIVE = """
merci bravo super genial geniale parfait parfaite excellent excellente magnifique formidable incroyable
heureux heureuse content contente ravi ravie adore aime aimer love bonheur joie plaisir felicitations
reussite succes victoire bien meilleur meilleure top cool sympa beau belle beaux belles chouette
thanks thank thx great good awesome amazing wonderful fantastic brilliant perfect excellent happy glad
love loved loving lovely best beautiful nice cool congrats congratulations win won winning success enjoy
enjoyed fun excited exciting proud recommend helpful kind
""".split()

# violent verbs, weapons and death (threats); shared by both languages, so what
# the English and synthetic threats teach about them carries over to French
VIOLENCE = """
tuer tue tues tuee tuees tuerai tuera tuerais tuerait tuez tuons buter bute butes buterai crever creve crevez
egorger egorge egorges massacrer massacre massacres massacrez exterminer extermine extermines exterminez
exterminer abattre abattu abattus abattue abattues pendre pendu pendus fusiller fusille fusilles bruler brules
poignarder poignarde tabasser defoncer etrangler noyer decapiter decapite lyncher lynche gazer gaze gazes
mitrailler flinguer flingue trucider zigouiller assassiner assassine assassinat eliminer elimine balle balles
fusil kalash kalachnikov couteau couteaux bombe bombes explosif explosifs grenade pendaison bucher mourir
meurs mourrez torturer torture violer viole represailles vengeance venger buterait egorgerai descendrai
kill kills killing killed killer murder murdered murdering shoot shooting shot stab stabbing stabbed strangle
hang hanged lynch lynching lynched behead beheaded beheading execute executed exterminate exterminated
extermination slaughter slaughtered butcher butchered gas gassed bullet bullets gun guns knife rifle bomb
bombs bombing burn burned torture tortured rape raped die death hunt hunted choke drown drowned massacre
genocide eradicate annihilate
""".split()

# groups that hate speech targets; shared by both languages (same reason)
IDENTITY = """
femmes musulmans musulman musulmane musulmanes juifs juif juive juives noirs noires arabes arabe immigres
immigre immigrees migrants migrant migrantes refugies refugie gays homosexuels homosexuel homos lesbiennes
lesbienne transgenres handicapes roms gitans chretiens asiatiques chinois africains africain etrangers
etranger maghrebins maghrebin islam islamistes feministes feministe negres blacks beurs renois rebeus
women muslims muslim jews jew jewish blacks immigrants immigrant migrants migrant refugees refugee gays
homosexuals homosexual lesbians lesbian transgender disabled mexicans mexican asians africans african
foreigners foreigner arabs arab islam feminists feminist latinos hispanics illegals aliens
""".split()

LEXICONS = {
    "insult": INSULT,
    "negative": NEGATIVE,
    "positive": POSITIVE,
    "violence": VIOLENCE,
    "identity": IDENTITY,
}
