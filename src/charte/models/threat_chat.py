"""Hand-written chat threats and their look-alikes: training rows for stage 2's threat head only.

Why: five rounds of phrase rules (``charte.detectors.support.threat_*``) reach the phrasings their word lists
name and little beyond (docs/cascade.md). Sentence embeddings generalise over wording, but the public
threat data is Telegram replies about politics: it has few chat threats to a person's body, family, pets
or property, few veiled or conditional ones, and few look-alikes (banter, hyperbole about tasks, games,
sport, news, victims quoting a threat). These sentences fill that gap. They were written for this project
in many voices (chat, gaming, texting, exes, neighbours, workplace, formal letters) without reading the
threat probe's dev or test sets, which stay held out for measuring. Only ``train_stage2`` reads them (the
fast model's artefacts do not depend on them). Split like the functional sets: a CRC-32 of the text puts
one in ten in ``dev`` (calibration), the rest in ``train``.
"""

from __future__ import annotations

import zlib

from charte.models.stage2_data import Item

SOURCE = "synth_threat_chat"

EN_THREATS = """
you better delete that post before i find out which gym you go to
keep talking and see what happens to that pretty face of yours
i swear on my life ur gonna bleed next time i see u
one more word and i'm breaking every finger on your hand
we'll see how brave you are when i'm standing at your door
tell your mom to buy a black dress
you're not gonna make it to your birthday
ur car looks real nice. be a shame if it caught fire tonight
nice dog you got. hope he doesn't eat anything he shouldn't
i have your address now so sleep tight
i'm coming for you after work, no cops will save you
u snitched so now u get stitches
last warning: stay away from her or they'll find you in a ditch
if you show up at the party i'm bringing the bat
i was this close to running you over yesterday. next time i won't brake
i already slashed your tires once, want me to do your face too?
should i pay your kids a visit at school tomorrow?
you think i won't come over there and choke you out? try me
answer my texts or i'll make your life hell, starting with your sister
i know what time your daughter walks home
gonna put you in the hospital for what you said about me
your family is going to pay for this, one by one
i'll burn your house down with you inside it
when i catch you alone you're done
pray we never meet in person
you have 24 hours to pay me back or you lose a kneecap
i'll beat you so bad your own mother won't recognise you
hey remember me? i remember where you park
i'd start looking over your shoulder if i were you
keep disrespecting me and you'll wake up with a broken jaw
i put a bullet aside with your name on it
if i lose my job because of you, you lose your life
im gonna stab u
imma pull up on you and your boys with the strap
ur dead bro fr
gonna find u irl and smash ur head in
i will hunt you down and make you suffer
you and your whole family are dead to me and soon dead for real
i hope you like hospital food because that's all you'll be eating
mess with my brother again and they'll need dental records to identify you
i'll wait for you outside the office at 6. come alone
that cat of yours won't last the week
i'll drown your puppy in the canal if you don't give my stuff back
the next brick goes through your bedroom window, not the kitchen one
you should be scared. very scared
i've been watching your house all week. cute curtains
you took my kids from me so i'll take everything from you
i'm sharpening my knife thinking about you
your wife's commute past the bridge is a lonely one, isn't it
you won't see me coming
sleep with the lights on tonight
i'm going to make sure you never walk again
if you testify you won't live to see the verdict
we know your plates, we know your shift, be smart
i swear i'll cut you the moment i see you
you really want me to come over there and end you?
do you want a broken nose? because that's how you get a broken nose
should've kept your mouth shut. now you'll find out why
try calling the police and see what happens to your little brother
i'd hate for something to happen to your grandma's house
I WILL FIND YOU AND I WILL HURT YOU
U GONNA GET SHOT
keep it up and you'll be eating through a straw
i'm going to strangle you with your own headphones
you're lucky i didn't kill you last night. you won't be lucky twice
if she leaves me because of you, i'll end you both
i'll break your legs so you can't run to your new boyfriend
your new man better watch himself, i know where he works
quit the team or we'll make you quit breathing
you touch my car again i'll put you through the windshield
you'll regret the day you were born, i promise
gonna make an example of you in front of the whole school
meet me behind the store after class and bring a first aid kit
you're going home in an ambulance tonight
i know your kid's name and his teacher's name
wouldn't want your little girl to have an accident on the way home
tell anyone and you're next
i've got a shovel and a quiet spot picked out for you
one call and my guys will be at your place in ten minutes
leave the group chat or i leak your address and send people
if i ever see you near my sister again i'll put you in the ground
i'll set your shop on fire while you sleep upstairs
keep posting about me and your windows won't survive the week
you owe me. pay up or your dog pays
your little boyfriend is going to get jumped
someone's going to get hurt and it won't be me
i hit you once and i'll do it again harder if you leave
remember what happened to your last car? that was a warning
we took care of your mailbox. your front door is next
gonna knock ur teeth out when school starts
next time u talk about my mom ill end u irl not in game
logging off to come find you, what's your street again? oh wait i know it
you're going to disappear and nobody will look for you
i'll shoot you the second you step on my property
you think the restraining order will stop a bullet?
i'm outside. look out your window
i'm going to make you bleed for every dollar you stole
you'll be picking your teeth up off the floor
i'll snap your neck like a twig
i'll gut you like a fish
the boys are waiting for you at the bus stop
better get a good lawyer and a better bodyguard
you'll never be safe in this town again
if you fire me, i'll come back with a gun
i've been thinking about what i'd do to you with a hammer
how would you like your knees broken, left or right first?
want me to bring the knife or the bat? your choice
do you know how easy it'd be to make you vanish?
what if your house burned down tonight, would anyone even care?
ever wonder what it feels like to get your throat cut? keep going and find out
i would've killed you right there if your friends weren't around
i should have strangled you when i had the chance, i won't miss it again
i beat your brother and i'll beat you worse
i will destroy you physically, not online, physically
when you least expect it, i'll be there
i'm done talking. next time it's fists
dont come to work monday if you want to keep your face
pass on my message to your husband: he's a dead man
your wife and kids are pretty. would be a pity
i'd lock your doors tonight if i were you
you're gonna get what's coming to you, and i'm the one bringing it
i will make you pay in blood
if my team loses because of your call, ref, i'll find you in the parking lot
i will beat the ever living life out of you
imma slide on you and your whole block
better move out of the neighbourhood before i move you out in a box
next time your music is this loud i'm coming over with an axe
park in my spot one more time and i'll smash your skull not just your mirror
i'll poison your dog the next time it barks at night
i swear your cat is going in the river
your car won't have brakes tomorrow morning
i cut your brake lines. drive safe
you'll find out what happens to people who cross me
you're going to need stitches
i'm going to rearrange your face
i'll choke the life out of you
i'll put my hands around your neck and squeeze until you stop
ur gonna catch these hands and then some
u want smoke? ill bring the whole fire to ur house
one more report and i'll swat you, i have your address
i will ruin you and then i will hurt you
gonna cave your head in with a brick
i'll kill you, i'm not joking this time
i'm really going to kill you and i know how
u better hope i dont find out where u live lol because i will
theres a bullet with ur name on it
if you go to the cops i'll shoot your mom
i'm going to teach you a lesson you won't survive
i'll drag you out of your car and beat you senseless
by friday you'll be in a wheelchair
i told you what would happen if you lied to me. now it happens
i'll hurt you where it hurts most: your kids
bring your friends, i'll bury all of you
i'm going to make sure you can't have children
you'll be next to your father in the cemetery soon
i poisoned your coffee yesterday, just kidding. or am i? tomorrow i won't be
the only thing left of you will be a stain
say that to my face and i'll break your nose, i mean it
you've got until sunday before your garage goes up in smoke
say goodbye to your kneecaps buddy
i'll be waiting in your driveway with a crowbar
mark my words you'll be limping by christmas
next time you scream at my kid i'll put you through a wall
my cousins are driving up tonight to deal with you personally
""".strip().splitlines()

EN_LOOKALIKES = """
i'm gonna kill this exam tomorrow
this boss fight is killing me, third wipe in a row
we destroyed them 5-0 last night, what a game
gonna murder this burger
lol i'll kill you if you spoil the finale for me 😂
ur dead to me for liking pineapple pizza haha
that comedian absolutely killed it
i could strangle my printer right now
i'm going to smash this workout
he said he'd break my legs if i beat his high score lmao we're best friends
i'll knock out this report before lunch
the news said a man was arrested for threatening to stab his neighbour
police are looking for whoever sent death threats to the mayor
he told me "i'll kill you" and i reported it. threats are never ok
people who tell others to watch their back online should be banned
my ex texted that he'd hurt me. i've gone to the police
posting this so everyone knows: he threatened my family and i have screenshots
headshot him from the tower, he's camping the bridge
just stab the boss in the back when it turns, it has a weak spot
burn the village in mission 4 to unlock the secret ending
we're going to crush them in the final on sunday
our defence is going to get murdered by their striker
i'll fight you for the last slice of cake
wanna fight? loser buys coffee
i'd die for a nap right now
this traffic is going to be the death of me
i know where you live, i'll drop the book in your mailbox tomorrow
i know your address, your parcel came to mine by mistake
i'm outside! come down, we're late for the movie
i'm coming for you at 7, wear something warm
we'll pay your kids a visit on sunday, they'll love the presents
watch out, the floor in the hall is wet
be careful walking home tonight, the streets are icy
lock your doors tonight, there have been break-ins in our street
i'd be careful with that knife, it's really sharp
i'll shoot you a message when i land
i'll shoot you an email with the details
gonna shoot some hoops after work if you want to come
let's blow up the internet with this launch
this song is a bomb
the new album slaps so hard it hurt
killed two hours on this puzzle
in the book the villain tells the hero he'll burn his house down
the movie where the guy hunts down the kidnappers is so good
"i'll be back" is the best line in movie history
just finished a thriller where the stalker leaves notes on the door, creepy
my cat will murder the new sofa within a week
our dog would kill for a piece of cheese
if you eat my yogurt again i'll be very sad
if the wifi dies again i'm throwing the router out the window
i'm going to burn all these old papers in the fireplace
gonna demolish the old shed this weekend
my plants are dying, help
i hate you for being this good at chess
you're killing me with these puns
stop it you're killing me 😂😂
omg i'm going to strangle you, that was hilarious
that goal was criminal, the keeper got destroyed
ref is blind, should be banned from officiating
our coach said he'll kill us at practice tomorrow, so many sprints
i'm going to hurt tomorrow after leg day
she's going to crush that interview
the storm is going to wreck the harvest
the market is bleeding again today
my bank account is bleeding after black friday
the judge sentenced him to ten years for the attack
the trial of the man who threatened the school starts monday
threatening someone is a crime, report it
she wrote a poem about wanting to disappear into the ocean
my grandpa used to say he'd tan our hides, he never touched us
if you miss the bus you'll have to walk, so hurry
if you don't submit the form by friday, you lose your place
keep talking and you'll miss the train lol
do you want a broken phone? then keep leaving it on the edge of the table
you'll regret not coming to the concert
enjoy your last weekend before exams!
count the days until summer with me
your days of sleeping in are numbered once the baby arrives
you won't see me coming at the surprise party 🎉
i've been watching your channel all week, great videos
i'm watching your house while you're on holiday, don't worry
i'll take care of your dog while you're away
nobody will look for you if you hide in the attic during hide and seek lol
the boys are waiting for you at the pub, hurry up
i'm going to make you pay for dinner next time haha
we'll make you pay... for the drinks
i'll make you regret the day you challenged me at mario kart
gg you got destroyed, uninstall lol
noob get rekt
i'll end your win streak tonight
gonna wreck you in ranked
your base is getting nuked in 5 minutes
i'm camping your spawn all night, cry about it
the knife in this game is overpowered
got killed by a sniper across the map again
my character died in the first five minutes
her bakery is killing it this year
the heat is killing my tomatoes
this deadline is going to bury me
i'm dying to see the new movie
my phone is dead again
dead tired after the night shift
i'm going to shoot the wedding photos on saturday
the firefighters saved the whole block last night
two men were stabbed outside the club, police appeal for witnesses
a woman was charged after threatening her coworker with a knife
the senator received threats after the vote, which is disgusting
i'm sick of people sending threats to streamers, grow up
quoting what he sent me: "you'll regret this". blocked and reported
my neighbour left a note saying he'd call the council about the hedge
if you park there again i'll call the tow truck
if you don't pay the rent, i'll start eviction through the court
my lawyer will contact you about the damages
you'll be hearing from my solicitor
i'm going to report you to hr for this
i'll leave a bad review if this isn't fixed
if you cancel again i'm unsubscribing
we'll fight this decision in court
i will destroy you in the debate tomorrow
my sister threatened to eat all my chocolate
i could kill for a coffee
this heat is murder
the presentation bombed
you killed the karaoke last night
i'll hunt down that recipe for you
we hunted for shells on the beach all morning
i'm going to attack the garden this weekend, the weeds are everywhere
let's hit the gym tomorrow
punch the numbers into the spreadsheet
beat the eggs and the sugar until pale
slice the onions thin and crush the garlic
the surgeon will cut along the old scar
the vet said our dog needs to be put down, i'm heartbroken
my brother broke his leg skiing
i hope you feel better soon, get some rest
you're going to love the surprise i've got for you
be there or be square
dad says he'll ground me forever if i crash the car again
my legs are destroyed from the stairs at work
call me whenever you're free
that essay is going to be the end of me
i'll murder you at scrabble tonight, prepare yourself
""".strip().splitlines()

FR_THREATS = """
je vais te défoncer la gueule quand je te croise
tu vas le regretter toute ta vie, crois moi
si tu parles aux flics ta famille va payer
continue comme ça et tu finis à l'hosto
je connais ton adresse et l'école de ta fille
t'es mort le jour où je te trouve
on va brûler ta bagnole cette nuit
ton chien va pas passer l'hiver
je vais te planter comme un porc
rembourse ou on te casse les genoux
fais gaffe à toi quand tu rentres le soir, on sait par où tu passes
j'ai déjà crevé tes pneus, la prochaine fois c'est toi
tu veux que je vienne te péter les dents ?
si tu la touches encore je te tue
je vais t'étrangler de mes mains
on t'attend à la sortie du taf ce soir
ta mère va pleurer à ton enterrement
un mot de plus et je t'éclate
je te retrouverai où que tu sois
tu vas voir ce qui arrive aux balances
la prochaine fois c'est une balle
je vais mettre le feu chez toi pendant que tu dors
t'inquiète on sait où bossent tes parents
jte jure jvais te tuer
jvais te casser en deux sale bâtard
tu verras pas la fin de la semaine
dors bien cette nuit, profites en
ta voiture serait dommage qu'elle prenne feu
si je perds mon boulot à cause de toi tu perds la vie
on va te faire la misère à toi et ta copine
je t'aurais tué si les voisins étaient pas là
la prochaine fois je te rate pas
je vais te saigner
tu finiras dans un sac
tes gosses rentrent seuls de l'école, hein ?
si tu portes plainte, je brûle la maison de ta mère
ton chat a disparu ? le prochain c'est toi
je vais t'égorger
tu vas prendre cher, très cher, je te le promets
quitte la ville avant que je te fasse quitter la vie
je viens chez toi avec une batte
je vais te démonter la tête devant tout le monde
fais encore le malin et tu vas manger par une paille
va falloir que tu changes de trottoir pour le reste de ta vie
je sais à quelle heure ta femme sort du boulot
si tu me quittes je te tue et je me tue après
tu vas apprendre à te taire, à coups de poing s'il le faut
vendredi tu seras en fauteuil roulant
on va te retrouver et te faire disparaître
je t'envoie mes gars ce soir
je te jure que tu vas saigner
compte tes jours
tu veux finir en chaise roulante ? continue
je vais te crever, retiens bien ça
""".strip().splitlines()

FR_LOOKALIKES = """
je vais tuer cet exam demain
ce boss me tue, on a wipe trois fois
on les a défoncés 4-0 hier soir, quel match
je vais me faire ce burger
je te tue si tu me spoiles la fin 😂
t'es mort de rire ou quoi
j'ai les pieds en compote après la rando
il a tué le game ce soir, quel concert
je vais étrangler mon imprimante
le journal dit qu'un homme a été arrêté pour menaces de mort contre son voisin
il m'a écrit "je vais te tuer", j'ai porté plainte, les menaces c'est jamais normal
mon ex m'a menacée, je suis allée au commissariat
headshot le mec sur le toit, il campe
brûle le village dans la quête pour débloquer la fin secrète
on va les écraser en finale dimanche
je me battrais pour la dernière part de gâteau
je sais où tu habites, je passe déposer ton colis demain
je suis en bas, descends on est en retard au ciné
fais attention en rentrant, ça glisse dehors
ferme bien ta porte, il y a eu des cambriolages dans la rue
je t'envoie un message en arrivant
on va faire exploser les ventes avec ce lancement
dans le film le méchant menace de brûler la maison du héros
mon chat va massacrer le nouveau canapé
si tu manges encore mon yaourt je vais bouder
si le wifi plante encore je jette la box par la fenêtre
je vais brûler les vieux papiers dans la cheminée
on démolit le vieux cabanon ce week-end
tu me tues avec tes jeux de mots
l'arbitre est aveugle, il devrait être suspendu
le coach va nous tuer à l'entraînement demain
si tu rates le bus tu rentres à pied, dépêche
si vous ne payez pas le loyer, je saisis le tribunal
je vais te signaler aux rh
je vais te détruire au débat demain
je tuerais pour un café
la chaleur tue mes tomates
je suis mort de fatigue après la nuit
deux hommes poignardés devant la boîte, la police cherche des témoins
sinon pas de dessert ce soir, range ta chambre
je vais te battre à mario kart ce soir
gg t'as pris cher, désinstalle
tu vas adorer la surprise que je te prépare
mon père va me tuer quand il verra la rayure sur la voiture
l'huissier passera lundi pour le constat
""".strip().splitlines()


def split(text: str) -> str:
    """``dev`` for one text in ten (calibration), else ``train`` — the functional sets' rule."""
    return "dev" if zlib.crc32(text.encode("utf-8")) % 10 == 1 else "train"


def rows() -> list[Item]:
    """Every sentence as a threat-head row (1 = a threat to a person, their kin, pets or property)."""
    groups = (
        (EN_THREATS, 1, "en"),
        (EN_LOOKALIKES, 0, "en"),
        (FR_THREATS, 1, "fr"),
        (FR_LOOKALIKES, 0, "fr"),
    )
    out: list[Item] = []
    seen: set[str] = set()
    for texts, label, lang in groups:
        for text in texts:
            text = text.strip()
            if text and text not in seen:
                seen.add(text)
                out.append(Item(text, label, lang, SOURCE, split(text)))
    return out
